package dev.beacon.system;

import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KnownPropertiesModuleTests {

	private final JsonMapper mapper = JsonMapper.builder().addModule(new KnownPropertiesModule()).build();

	@Test
	void caseInsensitiveBodyTakesEveryCaseAndPassesValuesOn() {
		Message message = this.mapper
			.readValue("{\"Target\":\"note\",\"ARGUMENTS\":[1,{\"x\":[true]}],\"groupname\":\"ops\"}", Message.class);
		assertThat(message).isEqualTo(new Message("note", List.of(1, Map.of("x", List.of(true))), "ops", null));
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|',
			textBlock = """
					{"target":"t","group":"ops"}              | "group" is not a property; did you mean "groupName"?
					{"target":"t","user":"alice"}             | "user" is not a property; did you mean "userId"?
					{"target":"t","users":"alice"}            | "users" is not a property; did you mean "userId"?
					{"target":"t","gropuName":"ops"}          | "gropuName" is not a property; did you mean "groupName"?
					{"target":"t","to":"alice"}               | "to" is not a property; the properties are "arguments", "groupName", "target", "userId"
					{"target":"t","userId":"a","UserId":"b"}  | "userId" and "UserId" are the same property; give it once
					{"target":"t","userId":"a","userId":"b"}  | "userId" is given twice; give it once
					""")
	void caseInsensitiveBodyRefusesUnknownAndRepeatedProperties(String body, String problem) {
		assertThatExceptionOfType(KnownPropertiesModule.InvalidPropertyException.class)
			.isThrownBy(() -> this.mapper.readValue(body, Message.class))
			.satisfies((ex) -> assertThat(ex.problem()).isEqualTo(problem));
	}

	@Test
	void exactBodyRefusesAnotherCaseAndSuggestsTheRightOne() {
		assertThatExceptionOfType(KnownPropertiesModule.InvalidPropertyException.class)
			.isThrownBy(() -> this.mapper.readValue("{\"Status\":\"ok\"}", Status.class))
			.satisfies((ex) -> assertThat(ex.problem())
				.isEqualTo("\"Status\" is not a property; did you mean \"status\"?"));
	}

	@Test
	void valuesInsideAPropertyAreFree() {
		Status status = this.mapper.readValue("{\"status\":\"ok\",\"details\":{\"anything\":{\"userId\":1}}}",
				Status.class);
		assertThat(status.details()).containsEntry("anything", Map.of("userId", 1));
	}

	@Test
	void nestedBodyIsCheckedAndItsPlaceInTheBodyKept() {
		assertThatExceptionOfType(KnownPropertiesModule.InvalidPropertyException.class)
			.isThrownBy(() -> this.mapper
				.readValue("{\"messages\":[{\"target\":\"a\"},{\"target\":\"b\",\"Group\":\"ops\"}]}", Batch.class))
			.satisfies((ex) -> {
				assertThat(ex.problem()).isEqualTo("\"Group\" is not a property; did you mean \"groupName\"?");
				assertThat(ex.getPath()).extracting((reference) -> (reference.getPropertyName() != null)
						? reference.getPropertyName() : String.valueOf(reference.getIndex()))
					.containsExactly("messages", "1");
			});
	}

	@Test
	void unmarkedTypesStayLenient() {
		assertThat(this.mapper.readValue("{\"status\":\"ok\",\"other\":1}", Lenient.class))
			.isEqualTo(new Lenient("ok"));
	}

	@RefusesUnknownProperties(ignoreCase = true)
	record Message(String target, @Nullable List<Object> arguments, @Nullable String groupName,
			@Nullable String userId) {
	}

	@RefusesUnknownProperties
	record Status(String status, @Nullable Map<String, Object> details) {
	}

	@RefusesUnknownProperties
	record Batch(List<Message> messages) {
	}

	record Lenient(String status) {
	}

}
