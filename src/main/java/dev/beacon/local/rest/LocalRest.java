package dev.beacon.local.rest;

import java.util.List;
import java.util.Map;

import dev.beacon.protocol.Names;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

/**
 * What the REST controllers share: the hub as the service names it, and the answers the
 * 2022-06-01 Swagger describes.
 */
final class LocalRest {

	/**
	 * The 2022-06-01 Swagger gives sends and membership changes a ServiceResponse body.
	 */
	static final String SUCCESS = "{\"code\":\"Success\",\"level\":\"Info\",\"isSuccess\":true}";

	private LocalRest() {
	}

	/**
	 * The hub as the service names it: {@code {app}_{hub}}, lower case.
	 * @param request the request, whose {@code application} parameter prefixes the hub
	 * @param hub the hub as given in the path
	 * @return the hub's name in the service
	 */
	static String hub(HttpServletRequest request, String hub) {
		return Names.serviceHub(request.getParameter("application"), hub);
	}

	static List<String> connectionIds(@Nullable List<String> ids) {
		return (ids != null) ? ids.stream().map(Names::connectionId).toList() : List.of();
	}

	static ResponseEntity<String> accepted() {
		return ResponseEntity.status(HttpStatus.ACCEPTED).contentType(MediaType.APPLICATION_JSON).body(SUCCESS);
	}

	static ResponseEntity<String> ok() {
		return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(SUCCESS);
	}

	/**
	 * An error as the service answers one: an {@code ErrorDetail} body and its code in
	 * {@code x-ms-error-code}.
	 */
	static ResponseEntity<String> error(HttpStatus status, String code, String message) {
		return ResponseEntity.status(status)
			.header("x-ms-error-code", code)
			.contentType(MediaType.APPLICATION_JSON)
			.body(JsonMapper.shared().writeValueAsString(Map.of("code", code, "message", message)));
	}

	static ResponseEntity<String> json(HttpStatus status, Object body) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_JSON)
			.body(JsonMapper.shared().writeValueAsString(body));
	}

	/**
	 * A query parameter whatever the case of its name, as the service reads them (the
	 * .NET SDK sends {@code maxPageSize} where the Swagger says {@code maxpagesize}).
	 */
	static @Nullable String query(HttpServletRequest request, String name) {
		for (Map.Entry<String, String[]> parameter : request.getParameterMap().entrySet()) {
			if (parameter.getKey().equalsIgnoreCase(name) && parameter.getValue().length > 0) {
				return parameter.getValue()[0];
			}
		}
		return null;
	}

	static ResponseEntity<Void> exists(boolean exists, String errorCode) {
		return exists ? ResponseEntity.ok().build()
				: ResponseEntity.status(HttpStatus.NOT_FOUND).header("x-ms-error-code", errorCode).build();
	}

	static ResponseEntity<String> changed(boolean found, String errorCode) {
		return found ? ok() : ResponseEntity.status(HttpStatus.NOT_FOUND).header("x-ms-error-code", errorCode).build();
	}

}
