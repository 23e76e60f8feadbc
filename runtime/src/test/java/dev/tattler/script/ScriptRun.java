package dev.tattler.script;

import dev.tattler.capture.CaptureFiles;
import dev.tattler.capture.PacketSource;
import dev.tattler.engine.EngineConfig;
import dev.tattler.engine.EventEngine;
import dev.tattler.event.EventBus;
import dev.tattler.event.EventHandler;
import dev.tattler.event.EventType;
import dev.tattler.log.Reporter;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test harness: runs JavaScript over a capture through the real engine and keeps its output. */
final class ScriptRun {
    final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    final ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    final List<String> failures = new ArrayList<>();
    final EventBus bus = new EventBus((event, handler, error) ->
            failures.add(event.scriptName() + " @ " + handler.origin() + ": " + error.getMessage()));
    private final JsRuntime js = new JsRuntime();
    final ScriptHost host = new ScriptHost(js, bus, stdout, stderr);

    void load(String name, String code) throws ScriptLoadException {
        host.load(name, code);
    }

    /** Also subscribes a Java handler, to see the very objects the scripts get. */
    void watch(EventType type, EventHandler handler) {
        bus.subscribe(type, handler, -1000);
    }

    void run(Path capture, List<String> localNets) throws Exception {
        Reporter reporter = new Reporter(new PrintStream(stderr, true, StandardCharsets.UTF_8));
        try (PacketSource source = CaptureFiles.open(capture);
             EventEngine engine = new EventEngine(new EngineConfig(localNets, null, 1), bus, reporter)) {
            engine.run(source);
        } finally {
            host.close();
            js.close();
        }
    }

    String out() {
        return stdout.toString(StandardCharsets.UTF_8);
    }

    String err() {
        return stderr.toString(StandardCharsets.UTF_8);
    }

    static EventHandler handler(java.util.function.BiConsumer<Object, Object> body) {
        return new EventHandler() {
            @Override
            public void handle(Object first, Object second) {
                body.accept(first, second);
            }

            @Override
            public String origin() {
                return "test";
            }
        };
    }
}
