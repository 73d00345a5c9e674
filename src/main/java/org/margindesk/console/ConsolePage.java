package org.margindesk.console;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds the console's filters ({@link CsrfFilter}) to the console's resources only: the CSRF check
 * reads a request's form before the resource runs, which an API endpoint must never do (a malformed
 * multipart body sent to it would fail in that read).
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface ConsolePage {}
