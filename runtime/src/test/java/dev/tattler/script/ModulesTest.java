package dev.tattler.script;

import dev.tattler.generate.LanScenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ES modules: a script imports files beside it (and below its folder), read-only; anything
 * outside the folder is refused with a message saying so. Classic scripts keep working.
 */
class ModulesTest {
    @TempDir
    Path dir;

    private Path write(String rel, String... lines) throws Exception {
        Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, String.join("\n", lines) + "\n");
        return p;
    }

    private void library() throws Exception {
        write("mods/lib/counter.mjs",
                "export function counter() { let n = 0; return { bump: () => ++n, get n() { return n; } }; }");
        write("mods/helper.js",
                "export const label = (s) => '[' + s + ']';");
        write("outside/secret.mjs", "export const secret = 'the secret';");
    }

    @Test
    void aModuleImportsFilesBesideItAndHandlesEvents() throws Exception {
        library();
        Path main = write("mods/main.mjs",
                "import { counter } from './lib/counter.mjs';",
                "import { label } from './helper.js';",
                "const arps = counter();",
                "tattler.on('arp_request', () => arps.bump());",
                "tattler.on('tattler_done', () => console.log(label('arp ' + arps.n)));");
        Path f = dir.resolve("lan.pcap");
        var truth = LanScenario.write(f, 3, LanScenario.Options.defaults());
        ScriptRun run = new ScriptRun();
        run.load(main);
        run.run(f);
        assertEquals("[arp " + truth.arpRequests() + "]", run.out().trim());
        assertEquals("", run.err());
    }

    @Test
    void aJsFileWithImportStatementsIsAModuleAndPlainScriptsStayClassic() throws Exception {
        library();
        Path plain = write("mods/plain.js", "var sharedByScripts = 41;");
        Path detected = write("mods/detected.js",
                "import { label } from './helper.js';",
                "console.log(label('module ' + (typeof sharedByScripts) + ' ' + (this === undefined)));");
        Path plain2 = write("mods/plain2.js", "console.log('classic ' + (sharedByScripts + 1) + ' ' + (this === globalThis));");
        try (ScriptRun run = new ScriptRun()) {
            run.load(plain).load(detected).load(plain2);
            // A module sees the globals of classic scripts, has no `this`; classic scripts share one scope.
            assertEquals(List.of("[module number true]", "classic 42 true"), run.outLines());
        }
    }

    @Test
    void importsOutsideTheFolderAreRefused() throws Exception {
        library();
        Path parent = write("mods/parent.mjs", "import { secret } from '../outside/secret.mjs';", "console.log(secret);");
        Path absolute = write("mods/absolute.mjs",
                "import { secret } from '" + dir.resolve("outside/secret.mjs").toAbsolutePath() + "';", "console.log(secret);");
        Path passwd = write("mods/passwd.mjs", "import x from '/etc/passwd';");
        Files.createSymbolicLink(dir.resolve("mods/link.mjs"), dir.resolve("outside/secret.mjs"));
        Path viaLink = write("mods/via-link.mjs", "import { secret } from './link.mjs';", "console.log(secret);");
        for (Path p : List.of(parent, absolute, passwd, viaLink)) {
            try (ScriptRun run = new ScriptRun()) {
                ScriptLoadException e = assertThrows(ScriptLoadException.class, () -> run.load(p));
                String m = e.getMessage();
                assertTrue(m.startsWith(p.getFileName() + ": "), "names the script: " + m);
                assertTrue(m.contains("refused: scripts may only read files in their own folder ("
                        + dir.resolve("mods").toRealPath()) || m.contains("refused: scripts may only read files in their own folder ("
                        + dir.resolve("mods")), "says why: " + m);
                assertEquals(1, m.lines().count(), m);
                assertEquals("", run.out(), "nothing of the secret was read");
            }
        }
    }

    @Test
    void dynamicImportOutsideTheFolderIsRefusedToo() throws Exception {
        library();
        Path probe = write("mods/dynamic.js",
                "import('../outside/secret.mjs').then((m) => console.log('read ' + m.secret),",
                "    (e) => console.log('refused ' + (e.message.indexOf('refused') >= 0)));",
                "import('./helper.js').then((m) => console.log('inside ' + m.label('ok')));");
        try (ScriptRun run = new ScriptRun()) {
            run.load(probe);
            // The two promises settle in either order.
            assertEquals(List.of("inside [ok]", "refused true"), run.outLines().stream().sorted().toList());
        }
    }

    @Test
    void aModuleGivenAsTextCanImportNothing() throws Exception {
        library();
        try (ScriptRun run = new ScriptRun()) {
            ScriptLoadException e = assertThrows(ScriptLoadException.class, () -> run.load("bundled.mjs",
                    "import { label } from '" + dir.resolve("mods/helper.js") + "';\nconsole.log(label('x'));"));
            assertTrue(e.getMessage().contains("this script was not loaded from a file, so it can import nothing"),
                    e.getMessage());
            // Without imports a text module is fine.
            run.load("inline.mjs", "export const x = 1;\nconsole.log('inline ' + x);");
            assertEquals("inline 1", run.out().trim());
        }
    }

    @Test
    void aSyntaxErrorInAnImportedModuleNamesThatFileAndLine() throws Exception {
        write("mods/broken.mjs", "export const a = 1;", "export const b = ;");
        Path main = write("mods/uses-broken.mjs", "import { a } from './broken.mjs';");
        try (ScriptRun run = new ScriptRun()) {
            ScriptLoadException e = assertThrows(ScriptLoadException.class, () -> run.load(main));
            assertTrue(e.getMessage().startsWith("broken.mjs:2:"), e.getMessage());
            assertTrue(e.getMessage().contains("SyntaxError"), e.getMessage());
        }
    }

    @Test
    void aMissingImportIsAClearLoadError() throws Exception {
        Path main = write("mods/missing.mjs", "import { a } from './nowhere.mjs';");
        try (ScriptRun run = new ScriptRun()) {
            ScriptLoadException e = assertThrows(ScriptLoadException.class, () -> run.load(main));
            assertTrue(e.getMessage().startsWith("missing.mjs"), e.getMessage());
            assertTrue(e.getMessage().contains("nowhere.mjs"), e.getMessage());
        }
    }
}
