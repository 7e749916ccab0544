package tw.kuayu.demo;

import java.util.List;
import java.util.function.BooleanSupplier;
import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Groups;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tw.kuayu.casetype.Catalog;
import tw.kuayu.security.Roles;

/**
 * Demo profile: the agencies as groups, the demo users of the public contract (password from
 * {@code kuayu.demo.password}) and the Camunda authorizations they need for the Tasklist and
 * Cockpit. Idempotent: an existing user or group is left as it is. Race-safe for a cluster whose
 * nodes start at once on one database: a row another node inserted first (unique key violation) is
 * taken as created.
 */
@Component
@Profile("demo")
@Order(0)
public class DemoIdentities implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(DemoIdentities.class);

    record DemoUser(String id, String firstName, String lastName, List<String> groups) {
    }

    static final List<DemoUser> USERS = List.of(
            new DemoUser("tax.clerk", "稅務", "承辦人", List.of("tpe-tax")),
            new DemoUser("tax.chief", "稅務", "股長", List.of("tpe-tax", "tpe-tax.approver")),
            new DemoUser("udd.clerk", "都發", "承辦人", List.of("tpe-udd")),
            new DemoUser("udd.chief", "都發", "科長", List.of("tpe-udd", "tpe-udd.approver")),
            new DemoUser("social.reviewer", "社會局", "會辦人員", List.of("tpe-social", "tpe-social.reviewer")),
            new DemoUser("social.chief", "社會局", "科長", List.of("tpe-social", "tpe-social.approver")),
            new DemoUser("land.reviewer", "地政局", "會辦人員", List.of("tpe-land", "tpe-land.reviewer")),
            new DemoUser("land.chief", "地政局", "科長", List.of("tpe-land", "tpe-land.approver")),
            new DemoUser("fire.reviewer", "消防局", "會辦人員", List.of("tpe-fire", "tpe-fire.reviewer")),
            new DemoUser("fire.chief", "消防局", "科長", List.of("tpe-fire", "tpe-fire.approver")),
            new DemoUser("district.clerk", "大安區公所", "承辦人", List.of("tpe-daan")),
            new DemoUser("indigenous.officer", "原民會", "承辦人", List.of("tpe-indigenous", "tpe-indigenous.approver")),
            new DemoUser("manager", "績效", "管考", List.of(Roles.MANAGERS)),
            new DemoUser("udd.manager", "都發局", "主管", List.of(Catalog.roleGroup("tpe-udd", Roles.AGENCY_MANAGER))),
            new DemoUser("owner", "流程", "管理者", List.of(Roles.PROCESS_OWNERS, Groups.CAMUNDA_ADMIN)),
            new DemoUser("auditor", "稽核", "人員", List.of(Roles.AUDITORS)));

    private final IdentityService identity;
    private final AuthorizationService authorizations;
    private final Catalog catalog;
    private final String password;

    public DemoIdentities(IdentityService identity, AuthorizationService authorizations, Catalog catalog,
                          @Value("${kuayu.demo.password}") String password) {
        this.identity = identity;
        this.authorizations = authorizations;
        this.catalog = catalog;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        for (String agency : catalog.agencyKeys()) {
            group(agency, catalog.agency(agency).name(), "AGENCY");
            grant(agency, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
            grant(agency, Resources.FILTER, "*", Permissions.READ);
            grant(agency, Resources.PROCESS_DEFINITION, "*", ProcessDefinitionPermissions.READ);
        }
        group(Roles.MANAGERS, "績效管考", "SYSTEM");
        grant(Roles.MANAGERS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        grant(Roles.MANAGERS, Resources.PROCESS_DEFINITION, "*", ProcessDefinitionPermissions.READ,
                ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY);
        grant(Roles.MANAGERS, Resources.PROCESS_INSTANCE, "*", Permissions.READ);
        group(Roles.AUDITORS, "稽核", "SYSTEM");
        group(Roles.PROCESS_OWNERS, "流程管理", "SYSTEM");
        group(Groups.CAMUNDA_ADMIN, "Camunda 系統管理", Groups.GROUP_TYPE_SYSTEM);
        // The engine only skips its checks for camunda-admin in a few admin-only commands; everything else
        // (deploying, Cockpit's instances, Admin's users) needs grants, as camunda.bpm.admin-user would create them.
        for (Resources resource : Resources.values()) {
            grant(Groups.CAMUNDA_ADMIN, resource, Authorization.ANY, Permissions.ALL);
        }
        for (DemoUser u : USERS) {
            for (String g : u.groups()) {
                if (g.contains(".")) {
                    group(g, catalog.agency(Catalog.agencyOfGroup(g)).name() + " " + g.substring(g.indexOf('.') + 1), "ROLE");
                }
            }
            user(u);
        }
        log.info("Demo agencies and {} demo users are ready (see README: Demo users)", USERS.size());
    }

    private void group(String id, String name, String type) {
        if (identity.isReadOnly()) { // users and groups come from the directory (LdapEngineIdentity): only the grants are ours
            return;
        }
        BooleanSupplier exists = () -> identity.createGroupQuery().groupId(id).count() > 0;
        createOnce(exists, () -> {
            Group group = identity.newGroup(id);
            group.setName(name);
            group.setType(type);
            identity.saveGroup(group);
        });
    }

    private void user(DemoUser u) {
        if (identity.isReadOnly()) {
            return;
        }
        createOnce(() -> identity.createUserQuery().userId(u.id()).count() > 0, () -> {
            User user = identity.newUser(u.id());
            user.setFirstName(u.firstName());
            user.setLastName(u.lastName());
            user.setPassword(password);
            user.setEmail(u.id() + "@demo.kuayu.tw");
            identity.saveUser(user);
        });
        for (String g : u.groups()) {
            createOnce(() -> identity.createUserQuery().userId(u.id()).memberOfGroup(g).count() > 0,
                    () -> identity.createMembership(u.id(), g));
        }
    }

    private void grant(String groupId, Resource resource, String resourceId, Permission... permissions) {
        createOnce(() -> authorizations.createAuthorizationQuery().groupIdIn(groupId).resourceType(resource)
                .resourceId(resourceId).count() > 0, () -> saveGrant(groupId, resource, resourceId, permissions));
    }

    private void saveGrant(String groupId, Resource resource, String resourceId, Permission... permissions) {
        Authorization auth = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        auth.setGroupId(groupId);
        auth.setResource(resource);
        auth.setResourceId(resourceId);
        for (Permission p : permissions) {
            auth.addPermission(p);
        }
        authorizations.saveAuthorization(auth);
    }

    /** Creates unless present; a concurrent creator's row (the insert fails, the row is now there) counts as created. */
    static void createOnce(BooleanSupplier exists, Runnable create) {
        if (exists.getAsBoolean()) {
            return;
        }
        try {
            create.run();
        } catch (RuntimeException raced) {
            if (!exists.getAsBoolean()) {
                throw raced;
            }
        }
    }
}
