package dev.tattler.scripts;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketSource;
import dev.tattler.engine.EngineConfig;
import dev.tattler.engine.EventEngine;
import dev.tattler.event.EventBus;
import dev.tattler.event.EventType;
import dev.tattler.event.NoticeInfo;
import dev.tattler.log.LogFormat;
import dev.tattler.log.LogManager;
import dev.tattler.log.Reporter;
import dev.tattler.script.JsRuntime;
import dev.tattler.script.ScriptHost;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** Test harness: the bundled worm770 detector over a capture, with its notices and report kept. */
final class Worm770Run {
    final List<NoticeInfo> notices = new ArrayList<>();
    final List<String> failures = new ArrayList<>();
    String report;
    String stderr;

    /** One JavaScript engine for every run of a test class: a context on it starts in milliseconds. */
    static final JsRuntime JS = new JsRuntime();

    static Worm770Run over(Path capture, Path logDir, Map<String, String> options) throws Exception {
        Worm770Run run = new Worm770Run();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        EventBus bus = new EventBus((e, h, x) -> run.failures.add(e + ": " + x));
        EngineConfig config = new EngineConfig(List.of(), logDir, 1).withOptions(options);
        JsRuntime js = JS;
        try (LogManager logs = new LogManager(logDir, LogFormat.TSV);
             PacketSource source = CaptureFiles.open(capture)) {
            EventEngine engine = new EventEngine(config, bus, new Reporter(new PrintStream(err, true, StandardCharsets.UTF_8)), logs);
            bus.subscribe(EventType.NOTICE, new dev.tattler.event.EventHandler() {
                @Override
                public void handle(Object first, Object second) {
                    run.notices.add((NoticeInfo) first);
                }

                @Override
                public String origin() {
                    return "test";
                }
            }, 0);
            try (ScriptHost host = new ScriptHost(js, engine, out, err)) {
                host.load("worm770.js", BundledScripts.source("worm770"));
                engine.run(source);
                engine.finish();
            }
        }
        run.report = out.toString(StandardCharsets.UTF_8);
        run.stderr = err.toString(StandardCharsets.UTF_8);
        return run;
    }

    /** src of every notice of this note. */
    Set<String> hosts(String note) {
        return notices.stream().filter(n -> n.note.equals(note)).map(n -> n.src).collect(Collectors.toCollection(TreeSet::new));
    }

    long count(String prefix) {
        return notices.stream().filter(n -> n.note.startsWith(prefix)).count();
    }
}
