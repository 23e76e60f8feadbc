package dev.tattler.script;

import org.graalvm.polyglot.Value;

/**
 * Reads JavaScript values passed to the API into Java values, with errors that name the call
 * and the argument ("tattler.schedule(seconds, fn): seconds must be a number, not 'soon'"), since
 * GraalJS's own conversion errors name neither. An IllegalArgumentException thrown here reaches
 * the script as a catchable exception at the call site.
 */
final class JsValues {
    private JsValues() {
    }

    /** True for null, undefined or a missing member. */
    static boolean absent(Value v) {
        return v == null || v.isNull();
    }

    static String string(Value v, String what) {
        if (absent(v)) {
            return null;
        }
        if (!v.isString()) {
            throw new IllegalArgumentException(what + " must be a string, not " + describe(v));
        }
        return v.asString();
    }

    static Double number(Value v, String what) {
        if (absent(v)) {
            return null;
        }
        if (!v.isNumber() || !v.fitsInDouble()) {
            throw new IllegalArgumentException(what + " must be a number, not " + describe(v));
        }
        double d = v.asDouble();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException(what + " must be a finite number, not " + d);
        }
        return d;
    }

    /** A whole number in [min, max]. */
    static Long integer(Value v, String what, long min, long max) {
        Double d = number(v, what);
        if (d == null) {
            return null;
        }
        if (d != Math.rint(d) || d < min || d > max) {
            throw new IllegalArgumentException(what + " must be a whole number " + min + ".." + max + ", not " + show(d));
        }
        return d.longValue();
    }

    static Boolean bool(Value v, String what) {
        if (absent(v)) {
            return null;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(what + " must be true or false, not " + describe(v));
        }
        return v.asBoolean();
    }

    /** A short description of a value for error messages: 'text', 42, an object, a function. */
    static String describe(Value v) {
        if (absent(v)) {
            return "null";
        }
        if (v.isString()) {
            String s = v.asString();
            return "'" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'";
        }
        if (v.isNumber() && v.fitsInDouble()) {
            return show(v.asDouble());
        }
        if (v.isBoolean()) {
            return String.valueOf(v.asBoolean());
        }
        if (v.canExecute()) {
            return "a function";
        }
        if (v.hasArrayElements()) {
            return "an array";
        }
        return "an object";
    }

    private static String show(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
