package dev.rvf.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Browser persistence in Debian's Chromium: page/persist.html?phase=write saves RvfStores and RvfDatabases in OPFS
 * and (with navigator.storage.getDirectory deleted) in IndexedDB, lists them, interrupts a save midway and slows one
 * down; the page is then loaded again (?phase=read, same origin and browser context) and finds and lists everything
 * it saved.
 */
class ChromiumPersistTest {
    @Test
    void savedStoresAndDatabasesSurviveAReload() throws Exception {
        List<String> pageErrors = new ArrayList<>();
        try (StaticServer server = new StaticServer(Map.of("/dist/", Chromium.dist(),
                "/page/", Path.of(ChromiumPersistTest.class.getResource("/page/persist.html").toURI()).getParent()));
                Chromium chromium = Chromium.launch()) {
            Page page = Chromium.watch(chromium.browser.newPage(), pageErrors);
            page.setDefaultTimeout(20_000);
            int checks = runPhase(page, server, "write", 9) + runPhase(page, server, "read", 5);
            System.out.println("Chromium persistence checks: " + checks + " passed (" + chromium.browser.version()
                    + ")");
            assertEquals(List.of(), pageErrors.stream().filter(e -> !e.contains("404")).toList());
        }
    }

    private static int runPhase(Page page, StaticServer server, String phase, int expected) throws Exception {
        page.navigate(server.base().resolve("/page/persist.html?phase=" + phase).toString());
        Chromium.CheckResults results = Chromium.results(page, "rvfPersistResult", phase,
                "persist-" + phase + ".png");
        System.out.println("OPFS facts (" + phase + " phase): " + results.outcome().get("facts"));
        assertEquals(0, results.failed(), "failing " + phase + " checks in Chromium (output above)");
        assertEquals(expected, results.ran(), phase + " checks that ran");
        return results.ran();
    }
}
