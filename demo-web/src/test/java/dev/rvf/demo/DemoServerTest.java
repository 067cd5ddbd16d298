package dev.rvf.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo server over real HTTP: what it serves, with which types, and what it refuses. */
class DemoServerTest {
    private static DemoServer server;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        server = DemoServer.start(0);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return send("GET", path);
    }

    private static HttpResponse<byte[]> send(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String type(HttpResponse<?> r) {
        return r.headers().firstValue("Content-Type").orElse("");
    }

    @Test
    void listensOnLoopbackOnly() {
        assertEquals("http://127.0.0.1:" + server.port() + "/", server.uri().toString());
    }

    @Test
    void servesThePageItsModulesAndTheWasmModule() throws Exception {
        HttpResponse<byte[]> page = get("/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", type(page));
        String html = new String(page.body());
        assertTrue(html.contains("<script type=\"module\" src=\"app.js\"></script>"), html);

        for (String module : new String[] {"/app.js", "/rvf.js", "/lib/pca.js", "/lib/vectors.js"}) {
            HttpResponse<byte[]> js = get(module);
            assertEquals(200, js.statusCode(), module);
            assertEquals("text/javascript; charset=utf-8", type(js), module);
        }
        assertEquals("text/css; charset=utf-8", type(get("/style.css")));

        HttpResponse<byte[]> wasm = get("/rvf.wasm");
        assertEquals(200, wasm.statusCode());
        assertEquals("application/wasm", type(wasm), "streaming compilation needs application/wasm");
        Path dist = Path.of(System.getProperty("rvf.dist.dir"));
        assertArrayEquals(Files.readAllBytes(dist.resolve("rvf.wasm")), wasm.body());
        assertArrayEquals(Files.readAllBytes(dist.resolve("rvf.js")), get("/rvf.js").body());
        assertEquals("same-origin", wasm.headers().firstValue("Cross-Origin-Opener-Policy").orElse(""));
        assertEquals("require-corp", wasm.headers().firstValue("Cross-Origin-Embedder-Policy").orElse(""));
    }

    @Test
    void servesTheDefaultDataset() throws Exception {
        HttpResponse<byte[]> data = get("/data/default.rvf");
        assertEquals(200, data.statusCode());
        assertEquals("application/octet-stream", type(data));
        assertArrayEquals(DemoDataset.generate(), data.body());
    }

    @Test
    void refusesWhatIsNotPartOfTheSite() throws Exception {
        for (String path : new String[] {"/missing.html", "/../pom.xml", "/%2e%2e/pom.xml", "/lib/", "/lib",
            "/dev/rvf/demo/DemoServer.class", "/DemoServer.class", "/.hidden.js", "/data//default.rvf"}) {
            assertEquals(404, get(path).statusCode(), path);
        }
        HttpResponse<byte[]> post = send("POST", "/index.html");
        assertEquals(405, post.statusCode());
        assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void headHasNoBody() throws Exception {
        HttpResponse<byte[]> head = send("HEAD", "/rvf.wasm");
        assertEquals(200, head.statusCode());
        assertEquals("application/wasm", type(head));
        assertEquals(0, head.body().length);
        assertTrue(server.recentRequests().contains("HEAD /rvf.wasm -> 200 application/wasm"),
                server.recentRequests().toString());
    }
}
