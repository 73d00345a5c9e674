package org.margindesk.api;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.UriInfo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.margindesk.domain.Refusal;
import org.margindesk.domain.StorableText;

/**
 * Refuses query and path parameters that PostgreSQL cannot store or compare (see {@link
 * StorableText}) before any resource uses them: a {@code %00} in a filter or an id used to reach a
 * query and answer 500. Bodies are checked where every one is read, {@code ingest/JsonInput}.
 *
 * <p>A JAX-RS filter after matching rather than a Vert.x one, because only then are the path
 * parameters known by the names a client reads in the API document.
 */
public class StorableParametersFilter {

  @ServerRequestFilter
  public void refuseUnstorableParameters(UriInfo uri) {
    List<Refusal.FieldError> errors = new ArrayList<>();
    check(uri.getPathParameters(), errors);
    check(uri.getQueryParameters(), errors);
    if (!errors.isEmpty()) {
      throw Refusal.invalid(errors);
    }
  }

  private static void check(
      MultivaluedMap<String, String> parameters, List<Refusal.FieldError> errors) {
    for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
      String name = StorableText.visible(parameter.getKey());
      String nameProblem = StorableText.problem(parameter.getKey());
      if (nameProblem != null) {
        errors.add(new Refusal.FieldError(name, "the parameter name " + nameProblem));
        continue;
      }
      for (String value : parameter.getValue()) {
        String problem = StorableText.problem(value);
        if (problem != null) {
          errors.add(new Refusal.FieldError(name, problem));
          break;
        }
      }
    }
  }
}
