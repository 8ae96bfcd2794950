package dev.awskit.core;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Lazy streams over paged APIs: the next page is fetched only when the stream reaches it, and
 * nothing is ever silently truncated to the first page.
 *
 * <pre>{@code
 * Stream<Repository> repos = Pages.stream(ecr.describeRepositoriesPaginator(r -> {}).repositories());
 * Stream<String> names = Pages.byToken(
 *     token -> logs.describeLogGroups(r -> r.nextToken(token)),
 *     DescribeLogGroupsResponse::logGroups, DescribeLogGroupsResponse::nextToken)
 *     .map(LogGroup::logGroupName);
 * }</pre>
 */
public final class Pages {
    private Pages() {}

    /** A sequential stream over an SDK paginator's items (or any lazily paged iterable). */
    public static <T> Stream<T> stream(Iterable<T> items) {
        return StreamSupport.stream(items.spliterator(), false);
    }

    /**
     * A lazy stream over an API paged by a continuation token. {@code fetch} receives {@code null}
     * for the first page; paging stops when {@code nextToken} returns {@code null} or empty.
     */
    public static <R, T> Stream<T> byToken(
            Function<String, R> fetch, Function<R, List<T>> items, Function<R, String> nextToken) {
        Iterator<List<T>> pages = new Iterator<>() {
            private String token;
            private boolean finished;

            @Override
            public boolean hasNext() {
                return !finished;
            }

            @Override
            public List<T> next() {
                if (finished) {
                    throw new NoSuchElementException();
                }
                R page = fetch.apply(token);
                token = nextToken.apply(page);
                finished = token == null || token.isEmpty();
                return items.apply(page);
            }
        };
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(pages, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .flatMap(List::stream);
    }
}
