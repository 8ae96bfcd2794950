package dev.awskit.cloudformation;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ScenarioMappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.awskit.core.AwsKit;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * CloudFormation's query protocol on WireMock, for what moto cannot show (moto records no resource events,
 * never fails or rolls back a stack, and does not page DescribeStackEvents; see StacksMotoIT).
 *
 * <p>Requests are form-encoded POSTs ({@code Action=...&Version=2010-05-15&StackName=...}); answers follow
 * the API reference's XML: DescribeStackEvents
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStackEvents.html, {@code
 * StackEvents.member.N} newest first and a {@code NextToken} while there are more), DescribeStacks
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DescribeStacks.html), DeleteStack
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/API_DeleteStack.html, {@code
 * RetainResources.member.N}) and the common error shape
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/APIReference/CommonErrors.html: a missing stack is a
 * 400 {@code ValidationError} "Stack with id X does not exist").
 */
final class FakeCloudFormation implements AutoCloseable {
    static final String NS = "http://cloudformation.amazonaws.com/doc/2010-05-15/";
    static final String REMOTE = System.getenv("AWSKIT_IT_ENDPOINT");

    final WireMockServer wireMock;
    final AwsKit kit;

    FakeCloudFormation() {
        if (REMOTE != null && !REMOTE.isBlank()) {
            System.out.println("Skipped against " + REMOTE + ": these sequences need the WireMock fake.");
        }
        Assumptions.assumeTrue(
                REMOTE == null || REMOTE.isBlank(),
                "failed stacks, rollbacks and paged events need the WireMock fake; AWSKIT_IT_ENDPOINT is set");
        wireMock =
                new WireMockServer(WireMockConfiguration.options().dynamicPort().bindAddress("127.0.0.1"));
        wireMock.start();
        kit = AwsKit.builder()
                .region("us-east-1")
                .credentials("awskit-test-key", "test-secret")
                .endpoint("http://127.0.0.1:" + wireMock.port())
                .build();
    }

    static String form(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static MappingBuilder action(String action, String stack) {
        return post(urlEqualTo("/"))
                .withRequestBody(containing("Action=" + action))
                .withRequestBody(matching("(?s)(.*&)?StackName=" + Pattern.quote(form(stack)) + "(&.*)?"));
    }

    /** Serves {@code events} (newest first) for {@code stack}, {@code pageSize} a page. */
    void events(String stack, List<StackEvent> events, int pageSize) {
        int pages = Math.max(1, (events.size() + pageSize - 1) / pageSize);
        for (int p = 0; p < pages; p++) {
            List<StackEvent> page = events.subList(p * pageSize, Math.min(events.size(), (p + 1) * pageSize));
            String next = p + 1 < pages ? "page-" + (p + 2) + "-" + Math.abs(stack.hashCode()) : null;
            MappingBuilder m = action("DescribeStackEvents", stack);
            m = p == 0
                    ? m.withRequestBody(notContaining("NextToken"))
                    : m.withRequestBody(containing("NextToken=page-" + (p + 1) + "-" + Math.abs(stack.hashCode())));
            wireMock.stubFor(m.willReturn(xml(200, eventsXml(page, next))));
        }
    }

    /** Serves {@code t}'s events by its name and by its id. */
    void events(Timeline t, int pageSize) {
        events(t.name(), t.newestFirst(), pageSize);
        events(t.id(), t.newestFirst(), pageSize);
    }

    /**
     * DescribeStacks for {@code t} answers {@code statuses} in turn (the last one stays), by name or by id
     * (one sequence for both); {@code "STATUS@instant"} adds a DeletionTime, and {@code "MISSING"}
     * answers the ValidationError of a stack that does not exist.
     */
    void statuses(Timeline t, String scenario, String... statuses) {
        String state = Scenario.STARTED;
        for (int i = 0; i < statuses.length; i++) {
            for (String stack : List.of(t.name(), t.id())) {
                String next = i + 1 < statuses.length ? scenario + "-" + (i + 1) : null;
                String[] s = statuses[i].split("@", 2);
                ScenarioMappingBuilder m = action("DescribeStacks", stack)
                        .inScenario(scenario)
                        .whenScenarioStateIs(state)
                        .willReturn(
                                s[0].equals("MISSING")
                                        ? missing(stack)
                                        : xml(200, stackXml(t, s[0], s.length > 1 ? Instant.parse(s[1]) : null)));
                if (next != null) {
                    m = m.willSetStateTo(next);
                }
                wireMock.stubFor(m);
            }
            state = scenario + "-" + (i + 1);
        }
    }

    void deleteStack(String stack) {
        wireMock.stubFor(action("DeleteStack", stack)
                .willReturn(xml(
                        200,
                        "<DeleteStackResponse xmlns=\"" + NS + "\"><ResponseMetadata><RequestId>" + UUID.randomUUID()
                                + "</RequestId></ResponseMetadata></DeleteStackResponse>")));
    }

    List<LoggedRequest> requests(String action) {
        return wireMock.findAll(postRequestedFor(urlEqualTo("/")).withRequestBody(containing("Action=" + action)));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "text/xml")
                .withBody(body);
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder missing(String stack) {
        return xml(
                400,
                "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>ValidationError</Code>"
                        + "<Message>Stack with id " + esc(stack) + " does not exist</Message></Error><RequestId>"
                        + UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }

    static String stackXml(Timeline t, String status, Instant deletionTime) {
        return "<DescribeStacksResponse xmlns=\"" + NS + "\"><DescribeStacksResult><Stacks><member>"
                + "<StackName>" + esc(t.name()) + "</StackName><StackId>" + esc(t.id()) + "</StackId>"
                + "<CreationTime>2026-11-30T09:00:00.123Z</CreationTime>"
                + (deletionTime != null ? "<DeletionTime>" + deletionTime + "</DeletionTime>" : "")
                + "<StackStatus>" + status + "</StackStatus>"
                + "<DisableRollback>false</DisableRollback><Outputs/><Tags/>"
                + "</member></Stacks></DescribeStacksResult><ResponseMetadata><RequestId>" + UUID.randomUUID()
                + "</RequestId></ResponseMetadata></DescribeStacksResponse>";
    }

    static String eventsXml(List<StackEvent> events, String nextToken) {
        StringBuilder b = new StringBuilder(
                "<DescribeStackEventsResponse xmlns=\"" + NS + "\"><DescribeStackEventsResult><StackEvents>");
        for (StackEvent e : events) {
            b.append("<member>")
                    .append(el("EventId", e.eventId()))
                    .append(el("StackId", e.stackId()))
                    .append(el("StackName", e.stackName()))
                    .append(el("LogicalResourceId", e.logicalResourceId()))
                    .append(el("PhysicalResourceId", e.physicalResourceId()))
                    .append(el("ResourceType", e.resourceType()))
                    .append(el("Timestamp", e.timestamp().toString()))
                    .append(el("ResourceStatus", e.resourceStatusAsString()))
                    .append(
                            e.resourceStatusReason() != null
                                    ? el("ResourceStatusReason", e.resourceStatusReason())
                                    : "")
                    .append("</member>");
        }
        b.append("</StackEvents>");
        if (nextToken != null) {
            b.append(el("NextToken", nextToken));
        }
        return b.append("</DescribeStackEventsResult><ResponseMetadata><RequestId>")
                .append(UUID.randomUUID())
                .append("</RequestId></ResponseMetadata></DescribeStackEventsResponse>")
                .toString();
    }

    static String el(String name, String value) {
        return "<" + name + ">" + esc(value == null ? "" : value) + "</" + name + ">";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public void close() {
        kit.close();
        wireMock.stop();
    }
}
