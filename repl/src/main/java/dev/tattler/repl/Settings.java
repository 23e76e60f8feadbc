package dev.tattler.repl;

import dev.tattler.engine.EngineConfig;
import dev.tattler.log.LogFormat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The session's engine options from the command line ({@code --local-nets}, {@code -C},
 * {@code --set}, {@code --log-dir}, {@code --json}): every replay, after {@code .open} or
 * {@code .reset}, starts with them. Without {@code --log-dir} a session writes no log files.
 */
record Settings(List<String> localNets, boolean ignoreChecksums, Map<String, String> options, Path logDir,
                LogFormat format) {

    static Settings defaults() {
        return new Settings(List.of(), false, Map.of(), null, LogFormat.TSV);
    }

    EngineConfig engineConfig() {
        return new EngineConfig(localNets, logDir, EngineConfig.defaults(logDir).uidSeed())
                .withOptions(options)
                .withIgnoreChecksums(ignoreChecksums);
    }
}
