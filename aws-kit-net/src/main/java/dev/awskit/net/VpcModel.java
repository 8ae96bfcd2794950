package dev.awskit.net;

import dev.awskit.core.AwsKitStyle;
import dev.awskit.net.internal.DefaultLinter;
import dev.awskit.net.internal.DefaultReacher;
import dev.awskit.net.internal.DescribedVpc;
import dev.awskit.net.internal.ModelRenderer;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.immutables.value.Value;

/**
 * A VPC as data: subnets, route tables, gateways, network ACLs, security groups and named
 * endpoints. A {@link VpcPlan} holds one; so will a described VPC. Everything here is offline.
 *
 * <pre>{@code
 * model.reach(internet(), endpoint("app-a"), tcp(8080));   // -> Reachability
 * model.lint();                                              // -> LintReport
 * model.toTable(); model.toJson();
 * }</pre>
 */
@Value.Immutable
@AwsKitStyle
public abstract class VpcModel {
    VpcModel() {}

    /** The plan's name, or the VPC's Name tag (or id). */
    public abstract String name();

    /** The {@code vpc-...} id once it exists. */
    public abstract Optional<String> id();

    public abstract Cidr cidr();

    public abstract List<Subnet> subnets();

    public abstract List<RouteTable> routeTables();

    public abstract List<InternetGateway> internetGateways();

    public abstract List<NatGateway> natGateways();

    public abstract List<Nacl> nacls();

    public abstract List<SecurityGroup> securityGroups();

    /** Interfaces that reachability questions can name ({@link Endpoint#ref(String)}). */
    public abstract List<Endpoint> endpoints();

    public String ref() {
        return id().orElse(name());
    }

    public Optional<Subnet> subnet(String nameOrId) {
        return find(subnets(), s -> s.answersTo(nameOrId));
    }

    public Optional<RouteTable> routeTable(String nameOrId) {
        return find(routeTables(), t -> t.answersTo(nameOrId));
    }

    public Optional<Nacl> nacl(String nameOrId) {
        return find(nacls(), a -> a.answersTo(nameOrId));
    }

    public Optional<SecurityGroup> securityGroup(String nameOrId) {
        return find(securityGroups(), g -> g.answersTo(nameOrId));
    }

    public Optional<InternetGateway> internetGateway(String nameOrId) {
        return find(internetGateways(), g -> g.answersTo(nameOrId));
    }

    public Optional<NatGateway> natGateway(String nameOrId) {
        return find(natGateways(), g -> g.answersTo(nameOrId));
    }

    public Optional<Endpoint> endpoint(String name) {
        return find(endpoints(), e -> e.name().equals(name));
    }

    /** The subnet's route table: its association, else the main route table. */
    public Optional<RouteTable> routeTableOf(Subnet subnet) {
        if (subnet.routeTable().isPresent()) {
            return routeTable(subnet.routeTable().get());
        }
        return find(routeTables(), RouteTable::main);
    }

    /** The subnet's network ACL: its association, else the default one, else AWS's allow-all default. */
    public Nacl naclOf(Subnet subnet) {
        if (subnet.nacl().isPresent()) {
            return nacl(subnet.nacl().get()).orElseThrow();
        }
        return find(nacls(), Nacl::defaultAcl).orElseGet(this::implicitDefaultNacl);
    }

    @Value.Lazy
    Nacl implicitDefaultNacl() {
        return Nacl.named("default")
                .defaultAcl(true)
                .entry(NetDsl.rule(100).allow(NetDsl.all()).from("0.0.0.0/0"))
                .entry(NetDsl.rule(100).allow(NetDsl.all()).to("0.0.0.0/0"))
                .build();
    }

    /**
     * Whether {@code traffic} from {@code source} reaches {@code destination}, evaluating
     * security groups, route tables, network ACLs (both directions), gateways and public IPs.
     *
     * @throws IllegalArgumentException if an endpoint names an unknown subnet, group or endpoint,
     *     both ends are the internet, or the traffic is {@code all()} (ask about one protocol)
     */
    public Reachability reach(Endpoint source, Endpoint destination, Traffic traffic) {
        return reacher().reach(source, destination, traffic);
    }

    /** {@link #reach(Endpoint, Endpoint, Traffic)} with endpoints named in the model, or {@code "internet"}. */
    public Reachability reach(String source, String destination, Traffic traffic) {
        return reach(named(source), named(destination), traffic);
    }

    private static Endpoint named(String name) {
        return "internet".equals(name) ? Endpoint.internet() : Endpoint.ref(name);
    }

    @Value.Lazy
    DefaultReacher reacher() {
        return new DefaultReacher(this);
    }

    /** Security findings: world-open ports, default group with rules, public IPs at launch, misrouted subnets. */
    public LintReport lint() {
        return LintReport.of(DefaultLinter.lint(this));
    }

    /** A readable table of every part of the VPC. */
    public String toTable() {
        return ModelRenderer.table(this);
    }

    /** The model as pretty-printed JSON. */
    public String toJson() {
        return ModelRenderer.json(this);
    }

    @Value.Check
    void check() {
        Set<String> names = new HashSet<>();
        for (Subnet s : subnets()) {
            if (!names.add(s.name())) {
                throw new IllegalArgumentException("VPC " + ref() + " has two subnets named " + s.name());
            }
            if (!cidr().contains(s.cidr())) {
                throw new IllegalArgumentException(
                        "subnet " + s.ref() + " " + s.cidr() + " is outside the VPC block " + cidr());
            }
            s.routeTable().ifPresent(rt -> routeTable(rt)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "subnet " + s.ref() + " is associated with unknown route table " + rt)));
            s.nacl().ifPresent(acl -> nacl(acl)
                    .orElseThrow(() -> new IllegalArgumentException(
                            "subnet " + s.ref() + " is associated with unknown network ACL " + acl)));
        }
        List<Subnet> all = subnets();
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                if (all.get(i).cidr().overlaps(all.get(j).cidr())) {
                    throw new IllegalArgumentException(
                            "subnets " + all.get(i).ref() + " " + all.get(i).cidr() + " and "
                                    + all.get(j).ref() + " " + all.get(j).cidr() + " overlap");
                }
            }
        }
        for (Endpoint e : endpoints()) {
            if (e.kind() != Endpoint.Kind.INSTANCE) {
                throw new IllegalArgumentException("the model's endpoints are instance(...) endpoints; got " + e);
            }
        }
    }

    /**
     * The tables of {@link #toTable()} (subnets, route tables, security groups...), so that a described
     * VPC reads in JShell as a plan does; {@link #ref()} names it in one word.
     */
    @Override
    public String toString() {
        return toTable();
    }

    private static <T> Optional<T> find(List<T> list, Predicate<T> p) {
        for (T t : list) {
            if (p.test(t)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * The model of an existing VPC from the answers of EC2's Describe calls (DescribeVpcs,
     * DescribeSubnets, DescribeRouteTables, DescribeInternetGateways, DescribeNatGateways,
     * DescribeNetworkAcls, DescribeSecurityGroups), as {@link Net#describe(String)} builds it, without
     * calling anything: for code that already holds those answers, and for tests that build a VPC
     * from SDK model objects as AWS returns them.
     */
    public static VpcModel fromDescribed(
            software.amazon.awssdk.services.ec2.model.Vpc vpc,
            List<software.amazon.awssdk.services.ec2.model.Subnet> subnets,
            List<software.amazon.awssdk.services.ec2.model.RouteTable> routeTables,
            List<software.amazon.awssdk.services.ec2.model.InternetGateway> internetGateways,
            List<software.amazon.awssdk.services.ec2.model.NatGateway> natGateways,
            List<software.amazon.awssdk.services.ec2.model.NetworkAcl> networkAcls,
            List<software.amazon.awssdk.services.ec2.model.SecurityGroup> securityGroups) {
        return DescribedVpc.model(
                vpc, subnets, routeTables, internetGateways, natGateways, networkAcls, securityGroups);
    }

    public static VpcModelBuilder builder() {
        return new VpcModelBuilder();
    }
}
