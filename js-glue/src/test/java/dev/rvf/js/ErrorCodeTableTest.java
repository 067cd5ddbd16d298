package dev.rvf.js;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rvf.ErrorCode;
import dev.rvf.js.JsRuntimes.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JS side keeps one copy of dev.rvf.ErrorCode: ERROR_CODES in rvf.js (names and ABI numbers) and the
 * RvfErrorCode union in rvf.d.ts. Both must match the Java enum exactly, in order, so they cannot drift.
 */
class ErrorCodeTableTest {

    private static Map<String, Integer> javaTable() {
        Map<String, Integer> table = new LinkedHashMap<>();
        for (ErrorCode code : ErrorCode.values()) {
            table.put(code.name(), code.code());
        }
        return table;
    }

    @Test
    void rvfJsErrorCodesMatchTheJavaEnum() throws Exception {
        Path rvfJs = JsRuntimes.dist().resolve("rvf.js");
        // Evaluated by a real engine rather than parsed, so the table is read exactly as users get it.
        String script = "const { ERROR_CODES } = await import(" + quote(rvfJs.toUri().toString()) + ");"
                + "console.log('TABLE ' + JSON.stringify(ERROR_CODES));";
        Run run = JsRuntimes.run("error-codes", List.of(JsRuntimes.binary(JsRuntimes.NODE_24).toString(),
                "--input-type=module", "-e", script), JsRuntimes.MODULE_DIR);
        assertEquals(0, run.exitCode(), "node failed (output above)");
        Matcher line = Pattern.compile("(?m)^TABLE (\\{.*})$").matcher(run.output());
        assertTrue(line.find(), "no table printed");
        Map<String, Integer> jsTable = new LinkedHashMap<>();
        Matcher entry = Pattern.compile("\"([A-Z_]+)\":(-?\\d+)").matcher(line.group(1));
        while (entry.find()) {
            jsTable.put(entry.group(1), Integer.parseInt(entry.group(2)));
        }
        assertEquals(javaTable().toString(), jsTable.toString(), "ERROR_CODES in rvf.js vs dev.rvf.ErrorCode");
    }

    @Test
    void rvfDtsCodeUnionMatchesTheJavaEnum() throws Exception {
        String dts = Files.readString(JsRuntimes.dist().resolve("rvf.d.ts"));
        Matcher union = Pattern.compile("export type RvfErrorCode =([^;]*);").matcher(dts);
        assertTrue(union.find(), "no RvfErrorCode type in rvf.d.ts");
        List<String> names = new ArrayList<>();
        Matcher name = Pattern.compile("\\|\\s*\"([A-Z_]+)\"").matcher(union.group(1));
        while (name.find()) {
            names.add(name.group(1));
        }
        assertEquals(new ArrayList<>(javaTable().keySet()), names, "RvfErrorCode in rvf.d.ts vs dev.rvf.ErrorCode");
    }

    private static String quote(String text) {
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
