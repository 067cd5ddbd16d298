package dev.rvf.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URL;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * Serves the demo on 127.0.0.1: the page, {@code rvf.js}, {@code rvf.wasm} and the default dataset, all read from the
 * class path ({@code dev/rvf/demo/site/}, assembled by the build). JDK only. Everything the page does runs in the
 * browser; this server only hands out files.
 *
 * <pre>java -cp demo-web/target/classes dev.rvf.demo.DemoServer [--port 8080]</pre>
 */
public final class DemoServer implements AutoCloseable {
    public static final int DEFAULT_PORT = 8080;
    private static final String SITE = "site/";
    private static final int RECENT_REQUESTS = 256;
    /** Only these file types are served (directories and class files never are). */
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "wasm", "application/wasm",
            "rvf", "application/octet-stream",
            "svg", "image/svg+xml",
            "json", "application/json");
    /** Path segments of plain names: no "..", no hidden files, no backslashes or percent escapes. */
    private static final Pattern SAFE_PATH = Pattern.compile("(/[A-Za-z0-9_-][A-Za-z0-9._-]*)+");

    private final HttpServer server;
    private final ExecutorService executor;
    private final Deque<String> recent = new ArrayDeque<>();

    private DemoServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving on 127.0.0.1:{@code port} (0 = any free port). */
    public static DemoServer start(int port) throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "rvf-demo-http");
            t.setDaemon(true);
            return t;
        });
        DemoServer demo = new DemoServer(http, executor);
        http.createContext("/", demo::handle);
        http.setExecutor(executor);
        http.start();
        return demo;
    }

    /** The page's address, e.g. http://127.0.0.1:8080/. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The latest requests, oldest first, as "GET /path -> status [content-type]" (diagnostics and tests). */
    public List<String> recentRequests() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            if (!"GET".equals(method) && !"HEAD".equals(method)) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                reply(exchange, method, path, 405, null, null);
                return;
            }
            String file = "/".equals(path) ? "/index.html" : path;
            String type = SAFE_PATH.matcher(file).matches() ? TYPES.get(extension(file)) : null;
            URL resource = type == null ? null : DemoServer.class.getResource(SITE + file.substring(1));
            if (resource == null) {
                reply(exchange, method, path, 404, "text/plain; charset=utf-8", "not found\n".getBytes());
                return;
            }
            byte[] body;
            try (InputStream in = resource.openStream()) {
                body = in.readAllBytes();
            }
            reply(exchange, method, path, 200, type, body);
        }
    }

    private void reply(HttpExchange exchange, String method, String path, int status, String type, byte[] body)
            throws IOException {
        var headers = exchange.getResponseHeaders();
        headers.set("Cache-Control", "no-cache");
        headers.set("X-Content-Type-Options", "nosniff");
        // Cross-origin isolation: everything is same-origin anyway, and it gives performance.now() the fine
        // resolution the page's latency figures need.
        headers.set("Cross-Origin-Opener-Policy", "same-origin");
        headers.set("Cross-Origin-Embedder-Policy", "require-corp");
        if (type != null) {
            headers.set("Content-Type", type);
        }
        log(method + " " + path + " -> " + status + (status == 200 ? " " + type : ""));
        boolean head = "HEAD".equals(method);
        if (body == null || head) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private void log(String line) {
        synchronized (recent) {
            if (recent.size() == RECENT_REQUESTS) {
                recent.removeFirst();
            }
            recent.addLast(line);
        }
    }

    private static String extension(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? "" : path.substring(dot + 1);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** {@code [--port N]}: serves until the process is stopped. */
    public static void main(String[] args) throws IOException {
        int port = DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            if (("--port".equals(args[i]) || "-p".equals(args[i])) && i + 1 < args.length) {
                port = parsePort(args[++i]);
            } else if (args[i].startsWith("--port=")) {
                port = parsePort(args[i].substring("--port=".length()));
            } else {
                usage("unknown argument: " + args[i]);
            }
        }
        if (DemoServer.class.getResource(SITE + "index.html") == null
                || DemoServer.class.getResource(SITE + "rvf.wasm") == null) {
            System.err.println("The demo site is not built: run ./demo.sh (or mvn -pl demo-web -am package "
                    + "-DskipTests) first.");
            System.exit(1);
        }
        DemoServer demo;
        try {
            demo = start(port);
        } catch (BindException e) {
            System.err.println("Port " + port + " on 127.0.0.1 is in use (" + e.getMessage() + "); choose another "
                    + "with --port N.");
            System.exit(1);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(demo::close));
        System.out.println("RVF demo: " + demo.uri() + "  (open it in a browser with WebAssembly GC: Chrome/Edge 119+,"
                + " Firefox 120+, Safari 18.2+; Ctrl+C stops the server)");
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        usage("not a port number: " + text);
        return -1;
    }

    private static void usage(String problem) {
        System.err.println(problem);
        System.err.println("usage: DemoServer [--port N]   (default " + DEFAULT_PORT + "; 0 picks a free port)");
        System.exit(2);
    }
}
