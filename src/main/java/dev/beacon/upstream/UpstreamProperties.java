package dev.beacon.upstream;

import java.util.List;

import dev.beacon.system.ValidRegularExpression;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the upstream receiver.
 *
 * @param path where SignalR Service posts events (the Azure Functions path by default)
 * @param verifySignature whether {@code X-ASRS-Signature} is checked; switch off only for
 * experiments, never in production
 * @param additionalKeys further access keys accepted in signatures (e.g. the secondary
 * key during rotation)
 * @param joinGroupPattern groups the built-in {@code joinGroup}/{@code leaveGroup} may
 * use, as a regular expression; unset: those handlers refuse
 * @param broadcastEnabled whether the built-in {@code broadcast} handler sends
 * {@code newMessage} to everyone
 * @param maxBroadcastLength longest text {@code broadcast} accepts
 */
@ConfigurationProperties("beacon.upstream")
@Validated
public record UpstreamProperties(
		@DefaultValue(UpstreamProperties.DEFAULT_PATH) @Pattern(regexp = "^/[A-Za-z0-9/_.-]*$") String path,
		@DefaultValue("true") boolean verifySignature, @DefaultValue List<String> additionalKeys,
		@Nullable @ValidRegularExpression String joinGroupPattern, @DefaultValue("false") boolean broadcastEnabled,
		@DefaultValue("4096") @Min(1) @Max(65536) int maxBroadcastLength) {

	/** The path Azure Functions uses, so existing upstream URL templates keep working. */
	public static final String DEFAULT_PATH = "/runtime/webhooks/signalr";

	@Override
	public String toString() {
		return "UpstreamProperties[path=" + this.path + ", verifySignature=" + this.verifySignature
				+ ", additionalKeys=" + this.additionalKeys.size() + "]";
	}

}
