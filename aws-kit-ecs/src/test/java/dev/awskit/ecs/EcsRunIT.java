package dev.awskit.ecs;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Task;

class EcsRunIT {
    EcsEndpoint server;
    Ecs ecs;
    String clusterName;

    @BeforeEach
    void start() {
        server = new EcsEndpoint();
        ecs = Ecs.of(server.kit);
        clusterName = server.stubbed() ? "deepdive" : EcsEndpoint.unique("awskit-it-cluster");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static final String CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/deepdive";
    static final String TASK_ARN = "arn:aws:ecs:us-east-1:123456789012:task/deepdive/0123456789abcdef";

    @Test
    void clusters_createListDelete() {
        server.stub(
                "CreateCluster",
                "{\"cluster\": {\"clusterArn\": \"" + CLUSTER_ARN
                        + "\", \"clusterName\": \"deepdive\", \"status\": \"ACTIVE\"}}");
        server.stubInSequence(
                "pages",
                "ListClusters",
                null,
                "page2",
                "{\"clusterArns\": [\"arn:aws:ecs:us-east-1:123456789012:cluster/default\"], \"nextToken\": \"t1\"}");
        server.stubInSequence("pages", "ListClusters", "page2", "done", "{\"clusterArns\": [\"" + CLUSTER_ARN + "\"]}");
        server.stub(
                "DeleteCluster",
                "{\"cluster\": {\"clusterArn\": \"" + CLUSTER_ARN
                        + "\", \"clusterName\": \"deepdive\", \"status\": \"INACTIVE\"}}");

        String arn = ecs.cluster(clusterName).create();
        assertThat(arn).endsWith(":cluster/" + clusterName);
        List<String> all = ecs.clusters().collect(Collectors.toList());
        assertThat(all).contains(arn);
        assertThat(ecs.cluster(clusterName).delete()).isEqualTo(arn);
        if (server.stubbed()) {
            assertThat(all).hasSize(2); // both pages, lazily
            server.wireMock.verify(postRequestedFor(urlEqualTo("/"))
                    .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerServiceV20141113.CreateCluster"))
                    .withRequestBody(equalToJson("{\"clusterName\": \"deepdive\"}")));
        }
    }

    @Test
    void runTask_reportsStartedTasksAndPlacementFailures_andStopTaskStopsOne() {
        server.requireStub("running tasks (needs container capacity)");
        server.stub(
                "RunTask",
                "{\"tasks\": [{\"taskArn\": \"" + TASK_ARN + "\", \"lastStatus\": \"PROVISIONING\"}],"
                        + " \"failures\": [{\"arn\": \"arn:aws:ecs:us-east-1:123456789012:container-instance/x\","
                        + " \"reason\": \"RESOURCE:MEMORY\"}]}");
        server.stub(
                "StopTask",
                "{\"task\": {\"taskArn\": \"" + TASK_ARN + "\", \"desiredStatus\": \"STOPPED\", \"lastStatus\":"
                        + " \"RUNNING\", \"stoppedReason\": \"migration done\"}}");

        RunTaskReport r = ecs.cluster("deepdive").runTask("web:7", 2);
        assertThat(r.taskArns()).containsExactly(TASK_ARN);
        assertThat(r.failures())
                .containsExactly("arn:aws:ecs:us-east-1:123456789012:container-instance/x: RESOURCE:MEMORY");
        assertThat(r.allStarted()).isFalse();

        Task stopped = ecs.cluster("deepdive").stopTask(TASK_ARN, "migration done");
        assertThat(stopped.desiredStatus()).isEqualTo("STOPPED");
        server.wireMock.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerServiceV20141113.RunTask"))
                .withRequestBody(equalToJson(
                        "{\"cluster\": \"deepdive\", \"taskDefinition\": \"web:7\", \"count\": 2}", true, true)));
        server.wireMock.verify(postRequestedFor(urlEqualTo("/"))
                .withHeader("X-Amz-Target", equalTo("AmazonEC2ContainerServiceV20141113.StopTask"))
                .withRequestBody(equalToJson("{\"cluster\": \"deepdive\", \"task\": \"" + TASK_ARN
                        + "\", \"reason\": \"migration done\"}")));
    }

    @Test
    void startTask_onContainerInstances() {
        server.requireStub("start-task (needs container instances)");
        server.stub("StartTask", "{\"tasks\": [{\"taskArn\": \"" + TASK_ARN + "\"}], \"failures\": []}");
        RunTaskReport r =
                ecs.cluster("deepdive").startTask("web", "arn:aws:ecs:us-east-1:123456789012:container-instance/ci-1");
        assertThat(r.allStarted()).isTrue();
        server.wireMock.verify(
                postRequestedFor(urlEqualTo("/"))
                        .withRequestBody(
                                equalToJson(
                                        "{\"cluster\": \"deepdive\", \"taskDefinition\": \"web\","
                                                + " \"containerInstances\": [\"arn:aws:ecs:us-east-1:123456789012:container-instance/ci-1\"]}")));
    }
}
