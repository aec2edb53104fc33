package dev.beacon.messages;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.List;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

/**
 * A message names at most one recipient, and excludes connections only from a broadcast
 * or a group. A constraint on the whole body, so its errors read as plain sentences.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Constraint(validatedBy = ValidRecipients.Validator.class)
@interface ValidRecipients {

	String message() default "the recipients are not valid";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	class Validator implements ConstraintValidator<ValidRecipients, MessageRequest> {

		@Override
		public boolean isValid(MessageRequest request, ConstraintValidatorContext context) {
			List<String> problems = request.recipientProblems();
			if (problems.isEmpty()) {
				return true;
			}
			context.disableDefaultConstraintViolation();
			problems
				.forEach((problem) -> context.buildConstraintViolationWithTemplate(problem).addConstraintViolation());
			return false;
		}

	}

}
