package dev.beacon.status;

import dev.beacon.access.RequiresScope;
import dev.beacon.access.Scope;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The status API other systems call. Publishing answers 202 with the event only after the
 * service accepted it; reading needs no key.
 */
@RestController
@RequestMapping("/api/status")
class StatusController {

	private final StatusService statusService;

	private final StatusProperties properties;

	StatusController(StatusService statusService, StatusProperties properties) {
		this.statusService = statusService;
		this.properties = properties;
	}

	@PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	@RequiresScope(Scope.STATUS_WRITE)
	StatusEvent broadcast(@Valid @RequestBody StatusRequest request) {
		return this.statusService.broadcast(request);
	}

	@PostMapping(path = "/users/{userId}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	@RequiresScope(Scope.STATUS_WRITE)
	StatusEvent toUser(@PathVariable String userId, @Valid @RequestBody StatusRequest request) {
		return this.statusService.sendToUser(userId, request);
	}

	@PostMapping(path = "/groups/{group}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	@RequiresScope(Scope.STATUS_WRITE)
	StatusEvent toGroup(@PathVariable String group, @Valid @RequestBody StatusRequest request) {
		return this.statusService.sendToGroup(group, request);
	}

	@PostMapping(path = "/connections/{connectionId}", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@ResponseStatus(HttpStatus.ACCEPTED)
	@RequiresScope(Scope.STATUS_WRITE)
	StatusEvent toConnection(@PathVariable String connectionId, @Valid @RequestBody StatusRequest request) {
		return this.statusService.sendToConnection(connectionId, request);
	}

	@GetMapping
	StatusEvent current() {
		return this.statusService.current();
	}

	@GetMapping("/history")
	List<StatusEvent> history(@RequestParam(defaultValue = "100") @Min(1) @Max(10000) int limit) {
		return this.statusService.history(Math.min(limit, this.properties.historySize()));
	}

}
