package org.margindesk.api;

import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;

/**
 * The OpenAPI document's header. The API takes either scheme, depending on how the instance runs:
 * HTTP Basic for the built-in users exists only in embedded mode, bearer tokens from the OIDC
 * issuer are what production accepts. Two separate requirements mean "either one".
 *
 * <p>It extends {@link Application} only because SmallRye OpenAPI reads {@code @OpenAPIDefinition}
 * from the JAX-RS application class; it overrides nothing, so every resource stays registered at
 * its own path.
 */
@OpenAPIDefinition(
    info =
        @Info(
            title = "Margin Desk API",
            version = "1",
            description =
                "Margin calls on Margin+ facilities. Every error is application/problem+json;"
                    + " amounts are decimal strings, times ISO-8601 UTC."),
    security = {
      @SecurityRequirement(name = OpenApiDefinition.BASIC),
      @SecurityRequirement(name = OpenApiDefinition.BEARER)
    },
    components =
        @Components(
            securitySchemes = {
              @SecurityScheme(
                  securitySchemeName = OpenApiDefinition.BASIC,
                  type = SecuritySchemeType.HTTP,
                  scheme = "basic",
                  description =
                      "Embedded mode only (dev, test, the jar with MARGIN_DESK_EMBEDDED_ENABLED):"
                          + " built-in users whose password equals the user name."),
              @SecurityScheme(
                  securitySchemeName = OpenApiDefinition.BEARER,
                  type = SecuritySchemeType.HTTP,
                  scheme = "bearer",
                  bearerFormat = "JWT",
                  description =
                      "Production: an OIDC access token from margin-desk.security.bearer.issuer;"
                          + " roles come from margin-desk.security.bearer.roles-claim.")
            }))
public class OpenApiDefinition extends Application {
  public static final String BASIC = "basic";
  public static final String BEARER = "bearer";
}
