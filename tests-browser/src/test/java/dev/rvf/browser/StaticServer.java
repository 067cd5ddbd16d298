package dev.rvf.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Serves directories over HTTP on 127.0.0.1 (a free port) with the content types browsers insist on: Wasm as
 * application/wasm (streaming compilation needs it), modules as text/javascript, pages as text/html.
 */
final class StaticServer implements AutoCloseable {
    private static final Map<String, String> TYPES = Map.of(
            "wasm", "application/wasm",
            "js", "text/javascript; charset=utf-8",
            "mjs", "text/javascript; charset=utf-8",
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "ts", "text/plain; charset=utf-8",
            "md", "text/plain; charset=utf-8");

    private final HttpServer server;
    /** "GET /path -> status content-type", for diagnostics and assertions. */
    final List<String> requests = new CopyOnWriteArrayList<>();

    /** @param roots URL prefix (e.g. "/dist/") -> directory served under it */
    StaticServer(Map<String, Path> roots) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        roots.forEach((prefix, dir) -> server.createContext(prefix, exchange -> serve(exchange, prefix, dir)));
        server.start();
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    private void serve(HttpExchange exchange, String prefix, Path dir) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Path root = dir.toAbsolutePath().normalize();
            Path file = root.resolve(path.substring(prefix.length())).normalize();
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (!"GET".equals(exchange.getRequestMethod()) || !file.startsWith(root) || !Files.isRegularFile(file)) {
                requests.add("GET " + path + " -> 404");
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String name = file.getFileName().toString();
            String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
            byte[] body = Files.readAllBytes(file);
            exchange.getResponseHeaders().set("Content-Type", type);
            requests.add("GET " + path + " -> 200 " + type);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
