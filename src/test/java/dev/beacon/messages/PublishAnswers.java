package dev.beacon.messages;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.assertj.MockMvcTester.MockMvcRequestBuilder;
import org.springframework.test.web.servlet.assertj.MvcTestResult;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the message endpoints' slice tests check alike: a refusal's problem answer, and
 * the {@code beacon.publish.events} count by kind and outcome.
 */
final class PublishAnswers {

	private PublishAnswers() {
	}

	/**
	 * Sends the request and asserts a problem answer whose detail names what is wrong.
	 * @param request the request
	 * @param status the status expected
	 * @param detail text the detail must contain
	 * @return the result, for further assertions
	 */
	static MvcTestResult assertProblem(MockMvcRequestBuilder request, HttpStatus status, String detail) {
		MvcTestResult result = request.exchange();
		assertThat(result).hasStatus(status)
			.hasContentType(MediaType.APPLICATION_PROBLEM_JSON)
			.bodyJson()
			.extractingPath("$.detail")
			.asString()
			.contains(detail);
		return result;
	}

	static double published(MeterRegistry meterRegistry, String kind, String outcome) {
		return meterRegistry.counter("beacon.publish.events", "kind", kind, "outcome", outcome).count();
	}

}
