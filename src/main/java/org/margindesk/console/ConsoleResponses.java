package org.margindesk.console;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.margindesk.domain.Refusal;

/**
 * How a console action answers. Done: the page it came from again, with a notice (htmx follows
 * HX-Redirect; a plain form follows the 303). Refused: the service's problem (title, detail, each
 * field) as a readable alert with the refusal's own status, which htmx swaps into the form.
 */
@ApplicationScoped
public class ConsoleResponses {
  private final Template problem;

  ConsoleResponses(@Location("console/problem.html") Template problem) {
    this.problem = problem;
  }

  public Response act(HttpHeaders headers, String back, String notice, Runnable action) {
    return act(
        headers,
        () -> {
          action.run();
          return notice;
        },
        back);
  }

  /** As above, when the notice depends on the outcome. */
  public Response act(HttpHeaders headers, Supplier<String> action, String back) {
    String notice;
    try {
      notice = action.get();
    } catch (Refusal e) {
      return refused(e);
    }
    String location =
        back + (back.contains("?") ? "&" : "?") + "notice=" + encode(notice == null ? "" : notice);
    if (headers.getHeaderString("HX-Request") != null) {
      return Response.ok().header("HX-Redirect", location).build();
    }
    return Response.seeOther(URI.create(location)).build();
  }

  /** An answer shown in place (a what-if): the fragment, or the refusal. */
  public Response show(Supplier<TemplateInstance> fragment) {
    try {
      return Response.ok(fragment.get().render(), MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
          .build();
    } catch (Refusal e) {
      return refused(e);
    }
  }

  public Response refused(Refusal e) {
    ConsoleProblem refused = ConsoleProblem.of(e);
    return Response.status(refused.status())
        .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
        .entity(problem.data("problem", refused).render())
        .build();
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
