package dev.awskit.iam;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful IAM + STS in WireMock, speaking the Query protocol (form-encoded {@code Action=...&
 * Version=...}, XML answers and {@code ErrorResponse} errors) as documented. It knows users and their
 * keys, refuses unknown or inactive keys with {@code InvalidClientTokenId} (403), enforces two keys
 * per user ({@code LimitExceeded}, 409), can delay new keys (propagation) and inject faults.
 *
 * <p>The caller is told apart by the access key id in the SigV4 {@code Authorization} header; the
 * signature itself is not checked, so tests compare secrets with {@link #secretOf(String)}.
 */
final class FakeIamSts implements AutoCloseable {
    static final String ACCOUNT = "123456789012";
    private static final Pattern CREDENTIAL = Pattern.compile("Credential=([^/,\\s]+)/");

    /** A key the fake knows. */
    static final class Key {
        final String id;
        final String user;
        final String secret;
        String status = "Active";
        int stsRejectionsLeft;
        int iamRejectionsLeft;

        Key(String id, String user, String secret) {
            this.id = id;
            this.user = user;
            this.secret = secret;
        }
    }

    private record Fault(int status, String code, String message) {}

    private final WireMockServer server;
    private final Map<String, String> users = new LinkedHashMap<>();
    private final Map<String, Key> keys = new LinkedHashMap<>();
    private final Map<String, Deque<Fault>> faults = new HashMap<>();
    private final List<String> calls = new ArrayList<>();
    private final Map<String, Integer> lostAnswers = new HashMap<>();
    final Map<String, List<String>> groupPolicies = new LinkedHashMap<>();
    final Map<String, List<String>> userGroups = new LinkedHashMap<>();
    final Map<String, String> loginPasswords = new LinkedHashMap<>();
    private final List<String> bodies = new ArrayList<>();
    private int newKeyStsRejections;
    private int newKeyIamRejections;
    private int counter = 100;

    FakeIamSts() {
        server = new WireMockServer(WireMockConfiguration.options()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .extensions(new Transformer()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers("fake-iam-sts")));
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.port();
    }

    synchronized String addUser(String name) {
        String arn = "arn:aws:iam::" + ACCOUNT + ":user/" + name;
        users.put(name, arn);
        return arn;
    }

    synchronized Key addKey(String user, String id, String secret) {
        Key k = new Key(id, user, secret);
        keys.put(id, k);
        return k;
    }

    /** New keys fail STS this many times (InvalidClientTokenId) before they work. */
    synchronized void propagationDelay(int stsRejections, int iamRejections) {
        this.newKeyStsRejections = stsRejections;
        this.newKeyIamRejections = iamRejections;
    }

    /** The next {@code times} calls of {@code action} are carried out, then the connection is reset. */
    synchronized void loseAnswers(String action, int times) {
        lostAnswers.merge(action, times, Integer::sum);
    }

    /** The next {@code times} calls of {@code action} fail with this error. */
    synchronized void fail(String action, int times, int status, String code, String message) {
        Deque<Fault> q = faults.computeIfAbsent(action, a -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            q.add(new Fault(status, code, message));
        }
    }

    synchronized Map<String, Key> keys() {
        return new LinkedHashMap<>(keys);
    }

    synchronized List<String> keysOf(String user) {
        return keys.values().stream()
                .filter(k -> k.user.equals(user))
                .map(k -> k.id)
                .toList();
    }

    /** Makes a key Inactive, as UpdateAccessKey would. */
    synchronized void deactivate(String keyId) {
        keys.get(keyId).status = "Inactive";
    }

    synchronized String statusOf(String keyId) {
        Key k = keys.get(keyId);
        return k == null ? "Deleted" : k.status;
    }

    synchronized String secretOf(String keyId) {
        Key k = keys.get(keyId);
        return k == null ? null : k.secret;
    }

    /** Whether {@code id}/{@code secret} would be accepted now by STS. */
    synchronized boolean works(String id, String secret) {
        Key k = keys.get(id);
        return k != null && k.status.equals("Active") && k.secret.equals(secret);
    }

    /** Calls seen, as {@code Action by KEYID}. */
    synchronized List<String> calls() {
        return new ArrayList<>(calls);
    }

    /** Every request body and Authorization header seen. */
    synchronized List<String> rawRequests() {
        return new ArrayList<>(bodies);
    }

    @Override
    public void close() {
        server.stop();
    }

    private synchronized ResponseDefinition handle(Request req) {
        String body = req.getBodyAsString();
        String auth = req.getHeader("Authorization");
        bodies.add(body + "\n" + auth);
        Map<String, String> form = parseForm(body);
        String action = form.getOrDefault("Action", "");
        boolean sts = "2011-06-15".equals(form.get("Version"));
        Matcher m = CREDENTIAL.matcher(auth == null ? "" : auth);
        String caller = m.find() ? m.group(1) : "";
        calls.add(action + " by " + caller);
        Deque<Fault> q = faults.get(action);
        if (q != null && !q.isEmpty()) {
            Fault f = q.poll();
            return error(sts, f.status, f.code, f.message);
        }
        Key callerKey = keys.get(caller);
        boolean admin = caller.equals("awskit-test-key");
        if (!admin && (callerKey == null || !callerKey.status.equals("Active"))) {
            return error(sts, 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        if (!admin) {
            if (sts && callerKey.stsRejectionsLeft > 0) {
                callerKey.stsRejectionsLeft--;
                return error(
                        sts, 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
            }
            if (!sts && callerKey.iamRejectionsLeft > 0) {
                callerKey.iamRejectionsLeft--;
                return error(
                        sts, 403, "InvalidClientTokenId", "The security token included in the request is invalid.");
            }
        }
        String callerUser = admin ? "admin" : callerKey.user;
        String userName = form.getOrDefault("UserName", callerUser);
        switch (action) {
            case "GetCallerIdentity": {
                String arn = admin ? "arn:aws:iam::" + ACCOUNT + ":user/admin" : users.get(callerUser);
                return ok(
                        sts,
                        action,
                        "<Arn>" + arn + "</Arn><UserId>AIDA" + Math.abs(callerUser.hashCode()) + "</UserId><Account>"
                                + ACCOUNT + "</Account>");
            }
            case "ListAccessKeys": {
                if (!users.containsKey(userName)) {
                    return noSuchEntity(userName);
                }
                StringBuilder b = new StringBuilder("<UserName>" + userName + "</UserName><AccessKeyMetadata>");
                for (Key k : keys.values()) {
                    if (k.user.equals(userName)) {
                        b.append("<member><UserName>")
                                .append(userName)
                                .append("</UserName><AccessKeyId>")
                                .append(k.id)
                                .append("</AccessKeyId><Status>")
                                .append(k.status)
                                .append("</Status><CreateDate>2024-01-02T03:04:05Z</CreateDate></member>");
                    }
                }
                b.append("</AccessKeyMetadata><IsTruncated>false</IsTruncated>");
                return ok(false, action, b.toString());
            }
            case "GetAccessKeyLastUsed": {
                Key k = keys.get(form.get("AccessKeyId"));
                if (k == null) {
                    return error(false, 403, "AccessDenied", "not authorized");
                }
                return ok(
                        false,
                        action,
                        "<UserName>" + k.user + "</UserName><AccessKeyLastUsed><LastUsedDate>2024-05-06T07:08:09Z"
                                + "</LastUsedDate><ServiceName>s3</ServiceName><Region>eu-west-1</Region>"
                                + "</AccessKeyLastUsed>");
            }
            case "CreateAccessKey": {
                if (!users.containsKey(userName)) {
                    return noSuchEntity(userName);
                }
                if (keys.values().stream().filter(k -> k.user.equals(userName)).count() >= 2) {
                    return error(false, 409, "LimitExceeded", "Cannot exceed quota for AccessKeysPerUser: 2");
                }
                String id = "awskit-new-key-" + (counter++);
                String secret = "newSecret/" + UUID.randomUUID().toString().replace("-", "") + "+Xy";
                Key k = addKey(userName, id, secret);
                k.stsRejectionsLeft = newKeyStsRejections;
                k.iamRejectionsLeft = newKeyIamRejections;
                return ok(
                        false,
                        action,
                        "<AccessKey><UserName>" + userName + "</UserName><AccessKeyId>" + id
                                + "</AccessKeyId><Status>Active</Status><SecretAccessKey>" + secret
                                + "</SecretAccessKey><CreateDate>2024-06-01T00:00:00Z</CreateDate></AccessKey>");
            }
            case "UpdateAccessKey": {
                Key k = keys.get(form.get("AccessKeyId"));
                if (k == null) {
                    return error(
                            false,
                            404,
                            "NoSuchEntity",
                            "The Access Key with id " + form.get("AccessKeyId") + " cannot be found.");
                }
                k.status = form.get("Status");
                return ok(false, action, null);
            }
            case "DeleteAccessKey": {
                Key k = keys.remove(form.get("AccessKeyId"));
                if (k == null) {
                    return error(
                            false,
                            404,
                            "NoSuchEntity",
                            "The Access Key with id " + form.get("AccessKeyId") + " cannot be found.");
                }
                return ok(false, action, null);
            }
            case "CreateGroup": {
                String g = form.get("GroupName");
                if (groupPolicies.containsKey(g)) {
                    return error(false, 409, "EntityAlreadyExists", "Group with name " + g + " already exists.");
                }
                groupPolicies.put(g, new ArrayList<>());
                return ok(
                        false,
                        action,
                        "<Group><Path>/</Path><GroupName>" + g + "</GroupName><GroupId>AGPA" + g
                                + "</GroupId><Arn>arn:aws:iam::" + ACCOUNT + ":group/" + g
                                + "</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate></Group>");
            }
            case "GetGroup": {
                String g = form.get("GroupName");
                if (!groupPolicies.containsKey(g)) {
                    return error(false, 404, "NoSuchEntity", "The group with name " + g + " cannot be found.");
                }
                return ok(
                        false,
                        action,
                        "<Group><Path>/</Path><GroupName>" + g + "</GroupName><GroupId>AGPA" + g
                                + "</GroupId><Arn>arn:aws:iam::" + ACCOUNT + ":group/" + g
                                + "</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate></Group><Users/>"
                                + "<IsTruncated>false</IsTruncated>");
            }
            case "AttachGroupPolicy": {
                String g = form.get("GroupName");
                if (!groupPolicies.containsKey(g)) {
                    return error(false, 404, "NoSuchEntity", "The group with name " + g + " cannot be found.");
                }
                List<String> p = groupPolicies.get(g);
                if (!p.contains(form.get("PolicyArn"))) {
                    p.add(form.get("PolicyArn"));
                }
                return ok(false, action, null);
            }
            case "ListAttachedGroupPolicies": {
                StringBuilder b = new StringBuilder("<AttachedPolicies>");
                for (String p : groupPolicies.getOrDefault(form.get("GroupName"), List.of())) {
                    b.append("<member><PolicyName>")
                            .append(p.substring(p.lastIndexOf('/') + 1))
                            .append("</PolicyName><PolicyArn>")
                            .append(p)
                            .append("</PolicyArn></member>");
                }
                return ok(
                        false,
                        action,
                        b.append("</AttachedPolicies><IsTruncated>false</IsTruncated>")
                                .toString());
            }
            case "CreateUser": {
                String u = form.get("UserName");
                if (users.containsKey(u)) {
                    return error(false, 409, "EntityAlreadyExists", "User with name " + u + " already exists.");
                }
                String arn = addUser(u);
                return ok(
                        false,
                        action,
                        "<User><Path>/</Path><UserName>" + u + "</UserName><UserId>AIDA" + u + "</UserId><Arn>" + arn
                                + "</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate></User>");
            }
            case "GetUser": {
                String u = form.get("UserName");
                if (!users.containsKey(u)) {
                    return noSuchEntity(u);
                }
                return ok(
                        false,
                        action,
                        "<User><Path>/</Path><UserName>" + u + "</UserName><UserId>AIDA" + u
                                + "</UserId><Arn>" + users.get(u)
                                + "</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate>"
                                + "</User>");
            }
            case "AddUserToGroup": {
                String u = form.get("UserName");
                String g = form.get("GroupName");
                if (!groupPolicies.containsKey(g)) {
                    return error(false, 404, "NoSuchEntity", "The group with name " + g + " cannot be found.");
                }
                List<String> gs = userGroups.computeIfAbsent(u, x -> new ArrayList<>());
                if (!gs.contains(g)) {
                    gs.add(g);
                }
                return ok(false, action, null);
            }
            case "ListGroupsForUser": {
                StringBuilder b = new StringBuilder("<Groups>");
                for (String g : userGroups.getOrDefault(form.get("UserName"), List.of())) {
                    b.append("<member><Path>/</Path><GroupName>")
                            .append(g)
                            .append("</GroupName><GroupId>AGPA")
                            .append(g)
                            .append("</GroupId><Arn>arn:aws:iam::" + ACCOUNT + ":group/")
                            .append(g)
                            .append("</Arn><CreateDate>2024-01-01T00:00:00Z</CreateDate></member>");
                }
                return ok(
                        false,
                        action,
                        b.append("</Groups><IsTruncated>false</IsTruncated>").toString());
            }
            case "CreateLoginProfile":
            case "UpdateLoginProfile": {
                String u = form.get("UserName");
                if (action.equals("CreateLoginProfile") && loginPasswords.containsKey(u)) {
                    return error(false, 409, "EntityAlreadyExists", "Login Profile for user " + u + " already exists.");
                }
                if (form.getOrDefault("Password", "").length() < 8) {
                    return error(false, 400, "PasswordPolicyViolation", "Password should have a minimum length of 8");
                }
                loginPasswords.put(u, form.get("Password"));
                return ok(
                        false,
                        action,
                        action.equals("UpdateLoginProfile")
                                ? null
                                : "<LoginProfile><UserName>" + u
                                        + "</UserName><CreateDate>2024-01-01T00:00:00Z</CreateDate>"
                                        + "<PasswordResetRequired>" + form.get("PasswordResetRequired")
                                        + "</PasswordResetRequired></LoginProfile>");
            }
            default:
                return error(sts, 400, "InvalidAction", "Could not find operation " + action);
        }
    }

    private ResponseDefinition noSuchEntity(String user) {
        return error(false, 404, "NoSuchEntity", "The user with name " + user + " cannot be found.");
    }

    private static ResponseDefinition ok(boolean sts, String action, String result) {
        String ns = sts ? "https://sts.amazonaws.com/doc/2011-06-15/" : "https://iam.amazonaws.com/doc/2010-05-08/";
        String xml = "<" + action + "Response xmlns=\"" + ns + "\">"
                + (result == null ? "" : "<" + action + "Result>" + result + "</" + action + "Result>")
                + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata></"
                + action + "Response>";
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(200)
                .withBody(xml)
                .withHeader("Content-Type", "text/xml")
                .build();
    }

    private static ResponseDefinition error(boolean sts, int status, String code, String message) {
        String ns = sts ? "https://sts.amazonaws.com/doc/2011-06-15/" : "https://iam.amazonaws.com/doc/2010-05-08/";
        String xml = "<ErrorResponse xmlns=\"" + ns + "\"><Error><Type>Sender</Type><Code>" + code + "</Code><Message>"
                + message + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>";
        return ResponseDefinitionBuilder.responseDefinition()
                .withStatus(status)
                .withBody(xml)
                .withHeader("Content-Type", "text/xml")
                .build();
    }

    private static Map<String, String> parseForm(String body) {
        Map<String, String> m = new HashMap<>();
        if (body == null || body.isEmpty()) {
            return m;
        }
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            m.put(k, v);
        }
        return m;
    }

    private final class Transformer implements ResponseDefinitionTransformerV2 {
        @Override
        public ResponseDefinition transform(ServeEvent serveEvent) {
            ResponseDefinition answer = handle(serveEvent.getRequest());
            synchronized (FakeIamSts.this) {
                String action =
                        parseForm(serveEvent.getRequest().getBodyAsString()).getOrDefault("Action", "");
                Integer lose = lostAnswers.get(action);
                if (lose != null && lose > 0) {
                    // the call was carried out above; its answer never reaches the client
                    lostAnswers.put(action, lose - 1);
                    return ResponseDefinitionBuilder.responseDefinition()
                            .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)
                            .build();
                }
            }
            return answer;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return "fake-iam-sts";
        }
    }
}
