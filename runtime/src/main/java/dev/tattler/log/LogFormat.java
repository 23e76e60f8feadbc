package dev.tattler.log;

/** How logs are written: Zeek's tab-separated text (default) or JSON lines ({@code --json}). */
public enum LogFormat {
    TSV, JSON
}
