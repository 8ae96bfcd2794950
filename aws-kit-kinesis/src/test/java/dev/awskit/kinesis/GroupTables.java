package dev.awskit.kinesis;

import dev.awskit.core.AwsKit;
import dev.awskit.testing.TestResources;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** The KCL's three tables of a test group: deleted afterwards, and the lease table read back. */
final class GroupTables {
    private GroupTables() {}

    static void deleteAfterwards(AwsKit aws, TestResources res, String leaseTable) {
        res.afterwards(() -> {
            for (String t : List.of(leaseTable, leaseTable + "-CoordinatorState", leaseTable + "-WorkerMetricStats")) {
                try {
                    aws.client(DynamoDbClient.class).deleteTable(r -> r.tableName(t));
                } catch (ResourceNotFoundException e) {
                    // not created (e.g. the test failed early)
                }
            }
        });
    }

    /** leaseKey (shard id) -> the lease item, read with a consistent scan. */
    static Map<String, Map<String, AttributeValue>> leases(AwsKit aws, String leaseTable) {
        Map<String, Map<String, AttributeValue>> out = new HashMap<>();
        aws.client(DynamoDbClient.class)
                .scanPaginator(r -> r.tableName(leaseTable).consistentRead(true))
                .items()
                .forEach(i -> out.put(i.get("leaseKey").s(), i));
        return out;
    }
}
