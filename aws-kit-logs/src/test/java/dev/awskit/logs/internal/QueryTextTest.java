package dev.awskit.logs.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.awskit.logs.InsightsQuery.Order;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** What the kit reads from a query string, against the Logs Insights query syntax documentation. */
class QueryTextTest {

    @Test
    void parse_seed000_isSortedDescendingWithItsLimit() {
        QueryText t = QueryText.parse("fields @timestamp, @message, @logStream\n| filter @logStream like /xxxxx/\n"
                + "| sort @timestamp desc\n| limit 10000 ");

        assertThat(t.sortedBy()).isEqualTo(Order.DESCENDING);
        assertThat(t.limit()).isEqualTo(OptionalInt.of(10_000));
        assertThat(t.aggregate()).isFalse();
        assertThat(t.splitBlocker()).isNull();
    }

    @Test
    void parse_whenSortHasNoDirection_isDescendingAsInsightsDefaults() {
        assertThat(QueryText.parse("fields @message | sort @timestamp").sortedBy())
                .isEqualTo(Order.DESCENDING);
        assertThat(QueryText.parse("fields @message | SORT @timestamp ASC").sortedBy())
                .isEqualTo(Order.ASCENDING);
        assertThat(QueryText.parse("sort @timestamp asc, @message desc").sortedBy())
                .isEqualTo(Order.ASCENDING);
        assertThat(QueryText.parse("sort @timestamp, @message").sortedBy()).isEqualTo(Order.DESCENDING);
    }

    @Test
    void parse_whenTheLastSortIsNotByTimestamp_isNotSortedByTime() {
        assertThat(QueryText.parse("sort @timestamp desc | sort @message").sortedBy())
                .isNull();
        assertThat(QueryText.parse("fields @message | sort @logStream, @timestamp")
                        .sortedBy())
                .isNull();
    }

    @Test
    void parse_pipesInsideRegexQuotesAndComments_doNotStartCommands() {
        QueryText regex = QueryText.parse("fields @message | filter @message like /a| sort @timestamp asc| limit 5/");
        QueryText quoted = QueryText.parse("filter @message = \"x | stats count(*)\" | sort @timestamp asc");
        QueryText comment = QueryText.parse("fields @message # | limit 5\n| sort @timestamp asc");
        QueryText parse = QueryText.parse("parse @message /(?<a>[^|]+)| limit 3/ | sort @timestamp asc");
        QueryText matches = QueryText.parse("filter @message =~ /x|limit 4/ | limit 7");

        assertThat(regex.sortedBy()).isNull();
        assertThat(regex.limit()).isEmpty();
        assertThat(quoted.aggregate()).isFalse();
        assertThat(quoted.sortedBy()).isEqualTo(Order.ASCENDING);
        assertThat(comment.limit()).isEmpty();
        assertThat(comment.sortedBy()).isEqualTo(Order.ASCENDING);
        assertThat(parse.limit()).isEmpty();
        assertThat(parse.sortedBy()).isEqualTo(Order.ASCENDING);
        assertThat(matches.limit()).isEqualTo(OptionalInt.of(7));
    }

    @Test
    void parse_divisionIsNotARegularExpression() {
        QueryText t = QueryText.parse("fields a / b as c, d/e as f | limit 5 | sort @timestamp asc");

        assertThat(t.limit()).isEqualTo(OptionalInt.of(5));
        assertThat(t.sortedBy()).isEqualTo(Order.ASCENDING);
    }

    @Test
    void parse_statsAndDedup_blockSplittingAndAnyOrder() {
        QueryText stats = QueryText.parse("filter @message like /err/ | stats count(*) by bin(5m) | sort @timestamp");
        QueryText dedup = QueryText.parse("fields @timestamp, @message | dedup @message | sort @timestamp desc");

        assertThat(stats.aggregate()).isTrue();
        assertThat(stats.splitBlocker()).isEqualTo("stats");
        assertThat(stats.sortedBy()).isNull();
        assertThat(dedup.splitBlocker()).isEqualTo("dedup");
        assertThat(dedup.sortedBy()).isNull();
    }

    @Test
    void parse_limit_takesTheSmallestAndKnowsAny() {
        assertThat(QueryText.parse("limit 50 | limit 20 | limit 30").limit()).isEqualTo(OptionalInt.of(20));
        QueryText any = QueryText.parse("fields @message | limit any 1");
        assertThat(any.limit()).isEqualTo(OptionalInt.of(1));
        assertThat(any.limitAny()).isTrue();
        assertThat(QueryText.parse("limit 100000").limit()).isEqualTo(OptionalInt.of(100_000));
    }

    @Test
    void parse_whenLimitIsNotAWholeNumberInRange_namesItAndTheRange() {
        for (String bad : new String[] {"0", "100001", "-5", "ten", "", "99999999999999999999999", "1e3"}) {
            assertThatThrownBy(() -> QueryText.parse("fields @message | limit " + bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("'limit " + bad + "' in the Logs Insights query: expected a whole number from 1 to"
                            + " 100000, e.g. '| limit 500'");
        }
    }
}
