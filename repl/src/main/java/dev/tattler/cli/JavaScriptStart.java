package dev.tattler.cli;

import dev.tattler.script.JsRuntime;
import dev.tattler.script.ScriptHost;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * JavaScript's start-up begun early on a thread of its own: the GraalVM engine, JavaScript's
 * initialisation in a warm-up context and the bundled scripts' parse, while the caller does
 * other start-up work (the demo writes its capture meanwhile). A {@link ScriptSet} then takes
 * the engine, and the context it creates shares the warm-up's work. The warm-up context is
 * closed on its own thread before the engine is handed over, so no context changes threads.
 */
final class JavaScriptStart {
    private final FutureTask<JsRuntime> task;

    private JavaScriptStart(Map<String, String> bundledSources) {
        task = new FutureTask<>(() -> {
            JsRuntime runtime = new JsRuntime();
            ScriptHost.warmUp(runtime, bundledSources);
            return runtime;
        });
    }

    /** Starts JavaScript for {@code scripts} in the background. */
    static JavaScriptStart begin(List<ScriptRef> scripts) {
        Map<String, String> bundled = new LinkedHashMap<>();
        for (ScriptRef s : scripts) {
            if (s.bundledSource != null) {
                bundled.put(s.name, s.bundledSource);
            }
        }
        JavaScriptStart start = new JavaScriptStart(bundled);
        Thread thread = new Thread(start.task, "javascript-start");
        thread.setDaemon(true); // a command that fails before it needs JavaScript does not wait for it
        thread.start();
        return start;
    }

    /** The engine, once the start-up is done (waits for it). */
    JsRuntime runtime() {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while JavaScript was starting", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException("JavaScript could not start: " + cause, cause);
        }
    }
}
