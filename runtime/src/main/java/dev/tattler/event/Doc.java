package dev.tattler.event;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * One-line documentation of an event argument's field. The event catalogue, `tattler events`
 * and docs/events.md are all read off these, so the documentation cannot drift from the code.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.TYPE})
public @interface Doc {
    String value();
}
