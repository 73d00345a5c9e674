package org.margindesk.console;

import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateGlobal;

/**
 * What every console template sees: the signed-in person ({@code me}) and where the scripts are
 * served from: the webjars in the application's jar (the versions are the pom's; the browser tests
 * load each), so the console needs no CDN and works offline.
 */
@TemplateGlobal
public final class ConsoleGlobals {
  static final String htmx = "/webjars/htmx.org/2.0.8/dist/htmx.min.js";
  static final String uplotJs = "/webjars/uplot/1.6.30/dist/uPlot.iife.min.js";
  static final String uplotCss = "/webjars/uplot/1.6.30/dist/uPlot.min.css";

  private ConsoleGlobals() {}

  /** The request's person; a global so that every page and fragment can ask. */
  static Console me() {
    return Arc.container().instance(Console.class).get();
  }
}
