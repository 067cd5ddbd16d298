package dev.rvf.format;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs rvfcheck.py's analysis on files and reduces each result to one comparable line; {@link #describe} makes
 * the same line from an {@link RvfFile}.
 */
final class RvfcheckSummary {
    private static final String SCRIPT = String.join("\n",
            "import sys, os",
            "sys.path.insert(0, sys.argv[1])",
            "import rvfcheck",
            "results = [rvfcheck.analyse(p) for p in sys.argv[2:]]",
            "for r in results: r['label'] = os.path.basename(r['file'])",
            "rvfcheck.lineage_checks(results)",
            "for r in results:",
            "    m = r['latest_manifest']",
            "    dec = r['decoded']",
            "    ids = {}",
            "    lm = dec[str(m['offset'])]",
            "    for e in lm['dir']:",
            "        if e['type'] == 1:",
            "            for i in dec[str(e['offset'])]['ids']: ids[i] = True",
            "    live = [i for i in ids if i not in set(lm['deleted'])]",
            "    fi = r['identity'] or {}",
            "    w = r['witness']",
            "    print('|'.join([r['label'], str(r['dim']), str(m['epoch']), str(m['total_vectors']),",
            "        str(m['profile_id']), str(m['metric_byte']), fi.get('file_id', ''), fi.get('parent_id', ''),",
            "        fi.get('parent_hash', ''), str(fi.get('depth', '')), str(len(r['segments'])),",
            "        str(r['hash']['ok']), str(r['hash']['fail']), '%d/%d' % (w['entries'], w['genesis']),",
            "        w['status'], ','.join(str(i) for i in live),",
            "        ','.join(str(i) for i in sorted(lm['deleted']))]))",
            "    print(r['label'] + '#lineage|' + r['lineage'])",
            "    print(r['label'] + '#problems|' + '; '.join(r['problems']))");

    /** What {@link #run} returns besides the summary lines: "name#lineage" and "name#problems" entries. */
    static String lineage(Map<String, String> results, String name) {
        return results.get(name + "#lineage");
    }

    static String problems(Map<String, String> results, String name) {
        return results.get(name + "#problems");
    }

    private RvfcheckSummary() {
    }

    /** File name -> summary line (plus "#lineage" and "#problems" keys), from rvfcheck.py. */
    static Map<String, String> run(Path dir, List<String> names) {
        List<String> cmd = new ArrayList<>();
        cmd.add("python3");
        cmd.add("-c");
        cmd.add(SCRIPT);
        cmd.add(TestFiles.rvfcheck().getParent().toString());
        for (String n : names) {
            cmd.add(dir.resolve(n).toString());
        }
        TestFiles.Run r = TestFiles.run(null, cmd.toArray(new String[0]));
        if (r.exit != 0) {
            throw new AssertionError("rvfcheck failed: " + r.out);
        }
        Map<String, String> out = new HashMap<>();
        for (String line : r.out.split("\n")) {
            if (line.contains("|") && line.indexOf('|') > 0) {
                out.put(line.substring(0, line.indexOf('|')), line.substring(line.indexOf('|') + 1));
            }
        }
        return out;
    }

    static String describe(RvfFile f) {
        Manifest m = f.manifest();
        FileIdentity id = f.identity();
        int ok = 0;
        int fail = 0;
        for (SegmentInfo s : f.segments()) {
            ok += s.hashStatus() == HashStatus.OK ? 1 : 0;
            fail += s.hashStatus() == HashStatus.MISMATCH ? 1 : 0;
        }
        WitnessReport w = f.verifyWitnesses();
        String status = f.segments().stream().noneMatch(s -> s.type() == SegmentType.WITNESS) ? "none"
                : w.isValid() ? "ok" : "FAILED";
        List<String> live = new ArrayList<>();
        for (long x : f.liveIds()) {
            live.add(Long.toUnsignedString(x));
        }
        List<String> del = new ArrayList<>();
        for (long x : RvfWriter.sortedUnsigned(m.deletedIds())) {
            del.add(Long.toUnsignedString(x));
        }
        return String.join("|", String.valueOf(m.dimension()), String.valueOf(m.epoch()),
                String.valueOf(m.totalVectors()), String.valueOf(m.profile()), String.valueOf(m.metricCode()),
                id.fileIdHex(), id.parentIdHex(), id.parentHashHex(), String.valueOf(id.depth()),
                String.valueOf(f.segments().size()), String.valueOf(ok), String.valueOf(fail),
                w.entries() + "/" + w.geneses(), status, String.join(",", live), String.join(",", del));
    }
}
