package dev.awskit.ecs.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.awskit.core.AwsErrors;
import dev.awskit.core.AwsKit;
import dev.awskit.core.AwsKitException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;

/** Shared plumbing of the ECS operations: error translation and model conversion. */
public final class EcsCalls {
    private EcsCalls() {}

    /** Runs one SDK call (the SDK retries it); a failure becomes an AwsKitException naming what and where. */
    public static <T> T call(AwsKit kit, String what, String next, Supplier<T> call) {
        try {
            return call.get();
        } catch (SdkException e) {
            throw new AwsKitException(
                    what + " failed in region " + kit.region() + ": " + AwsErrors.describe(e)
                            + (next.isEmpty() ? "" : ". " + next),
                    e);
        }
    }

    /**
     * A lazy stream over a paginator whose page requests, made while the stream is consumed, fail as an
     * AwsKitException naming what and where instead of a raw SDK exception.
     */
    public static <T> Stream<T> stream(AwsKit kit, String what, String next, Supplier<Stream<T>> pages) {
        Stream<T> source = call(kit, what, next, pages);
        Iterator<T> it = source.iterator();
        Iterator<T> guarded = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return call(kit, what, next, it::hasNext);
            }

            @Override
            public T next() {
                return call(kit, what, next, it::next);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(guarded, Spliterator.ORDERED), false)
                .onClose(source::close);
    }

    /** The register request of a described task definition (read-only fields left out). */
    public static RegisterTaskDefinitionRequest toRequest(
            software.amazon.awssdk.services.ecs.model.TaskDefinition described) {
        ObjectNode json = SdkJson.write(described);
        List<dev.awskit.core.Finding> ignored = new ArrayList<>();
        Set<String> skip = new java.util.HashSet<>(TaskDefinitionReader.READ_ONLY);
        return SdkJson.read(
                json, RegisterTaskDefinitionRequest::builder, "", new SdkJson.ReadContext(ignored::add, skip));
    }
}
