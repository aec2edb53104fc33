package dev.beacon.upstream;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * Beacon in Azure mode, on a service it never calls, for tests that post upstream as
 * SignalR Service would: its access key {@link UpstreamControllerTests#PRIMARY}, an
 * additional upstream key {@link UpstreamControllerTests#SECONDARY}, the hub {@code Chat}
 * besides {@code notifications}, and the hub methods of {@link TestHandlers}. One
 * declaration, so the classes that use it share one application.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = {
				"beacon.signalr.connection-string=Endpoint=https://upstream-test.service.signalr.net;AccessKey="
						+ UpstreamControllerTests.PRIMARY + ";Version=1.0;",
				"beacon.upstream.additional-keys=" + UpstreamControllerTests.SECONDARY, "beacon.signalr.hubs=Chat" })
@Import(TestHandlers.class)
@interface UpstreamReceiverTest {

}
