package org.margindesk.api.request;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyReader;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.margindesk.domain.Refusal;
import org.margindesk.ingest.JsonInput;
import org.margindesk.request.JsonRequest;

/**
 * Binds a request body to its record with the service's mapper, in two steps. The text is parsed
 * first ({@link JsonInput#parse}): a syntax error reports its line and column, a repeated key is
 * refused and a string PostgreSQL cannot store is named, for every body alike. The tree is then
 * bound with {@link FieldErrors} collecting each field that does not fit, so a client sees all of
 * them at once; Bean Validation ({@code @Valid} on the resource parameter) checks the values after.
 * Every refusal here is a 400 naming its field, never a 500.
 */
// No @Consumes: a body sent without a Content-Type is read as JSON too, as it always was; the
// resource methods' own @Consumes still refuse any other declared type with 415.
@Provider
public class JsonRequestReader implements MessageBodyReader<JsonRequest> {
  private final ObjectMapper mapper;

  JsonRequestReader(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  @Override
  public boolean isReadable(
      Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
    return JsonRequest.class.isAssignableFrom(type);
  }

  @Override
  public JsonRequest readFrom(
      Class<JsonRequest> type,
      Type genericType,
      Annotation[] annotations,
      MediaType mediaType,
      MultivaluedMap<String, String> httpHeaders,
      InputStream entityStream)
      throws IOException {
    String body = new String(entityStream.readAllBytes(), StandardCharsets.UTF_8);
    if (body.isBlank() && JsonRequest.MayBeEmpty.class.isAssignableFrom(type)) {
      return null;
    }
    JsonNode tree = JsonInput.requireObject(JsonInput.parse(body), null);
    FieldErrors errors = new FieldErrors();
    JsonRequest request;
    try {
      request = mapper.readerFor(type).withHandler(errors).readValue(tree);
    } catch (JsonMappingException e) {
      // What the handler cannot absorb (a value that breaks a record's own constructor).
      errors.errors().add(new Refusal.FieldError(FieldErrors.path(e), e.getOriginalMessage()));
      throw Refusal.invalid(errors.errors());
    }
    if (!errors.errors().isEmpty()) {
      throw Refusal.invalid(List.copyOf(errors.errors()));
    }
    return request;
  }
}
