package tw.kuayu.evidence;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.engine.identity.User;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import tw.kuayu.security.Roles;

/**
 * Demo profile: the evidence worker account {@value #USER} (password {@code kuayu.demo.password}) in
 * group {@code connector-workers}, with the engine authorizations fetch-and-lock needs (read and
 * update process instances). Production creates its own account the same way (docs/operations.md).
 */
@Component
@Profile("demo")
@Order(1)
class EvidenceWorkerAccount implements ApplicationRunner {

    static final String USER = "evidence.worker";

    private final IdentityService identity;
    private final AuthorizationService authorizations;
    private final String password;

    EvidenceWorkerAccount(IdentityService identity, AuthorizationService authorizations, @Value("${kuayu.demo.password}") String password) {
        this.identity = identity;
        this.authorizations = authorizations;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (identity.isReadOnly()) { // users and groups come from a directory (LdapEngineIdentity): the account is made there
            return;
        }
        if (identity.createGroupQuery().groupId(Roles.CONNECTOR_WORKERS).count() == 0) {
            Group group = identity.newGroup(Roles.CONNECTOR_WORKERS);
            group.setName("資料介接工作程序 (evidence workers)");
            group.setType("SYSTEM");
            identity.saveGroup(group);
            grant(Resources.PROCESS_DEFINITION, ProcessDefinitionPermissions.READ, ProcessDefinitionPermissions.READ_INSTANCE,
                    ProcessDefinitionPermissions.UPDATE_INSTANCE);
            grant(Resources.PROCESS_INSTANCE, Permissions.READ, Permissions.UPDATE);
        }
        if (identity.createUserQuery().userId(USER).count() == 0) {
            User user = identity.newUser(USER);
            user.setFirstName("證明文件");
            user.setLastName("介接程序");
            user.setPassword(password);
            identity.saveUser(user);
            identity.createMembership(USER, Roles.CONNECTOR_WORKERS);
        }
    }

    private void grant(Resource resource, org.camunda.bpm.engine.authorization.Permission... permissions) {
        Authorization auth = authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        auth.setGroupId(Roles.CONNECTOR_WORKERS);
        auth.setResource(resource);
        auth.setResourceId("*");
        for (var p : permissions) {
            auth.addPermission(p);
        }
        authorizations.saveAuthorization(auth);
    }
}
