package dev.beacon.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;
import org.jspecify.annotations.Nullable;

/**
 * A setting that must be a regular expression {@link Pattern} compiles ({@code null} is
 * valid).
 */
@Target({ ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Constraint(validatedBy = ValidRegularExpression.Validator.class)
public @interface ValidRegularExpression {

	String message() default "is not a valid regular expression";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

	/** Compiles the value. */
	class Validator implements ConstraintValidator<ValidRegularExpression, String> {

		@Override
		public boolean isValid(@Nullable String value, ConstraintValidatorContext context) {
			if (value == null) {
				return true;
			}
			try {
				Pattern.compile(value);
				return true;
			}
			catch (PatternSyntaxException ex) {
				return false;
			}
		}

	}

}
