package tw.kuayu.studio.migration;

import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.security.CurrentUsers;
import tw.kuayu.studio.migration.Migrations.DryRun;
import tw.kuayu.studio.migration.Migrations.MigrationRequest;
import tw.kuayu.studio.migration.Migrations.Progress;

/**
 * {@code /api/processes/{key}/migrations} (process owners): a dry run, starting a migration (a Camunda batch),
 * and its progress and result.
 */
@RestController
@RequestMapping("/api/processes/{key}/migrations")
class MigrationController {

    private final Migrations migrations;
    private final CurrentUsers users;

    MigrationController(Migrations migrations, CurrentUsers users) {
        this.migrations = migrations;
        this.users = users;
    }

    @PostMapping("/dry-run")
    DryRun dryRun(@PathVariable String key, @RequestBody MigrationRequest request) {
        return migrations.dryRun(key, request);
    }

    @PostMapping
    ResponseEntity<Progress> start(@PathVariable String key, @RequestBody MigrationRequest request) {
        Progress started = migrations.start(key, request, users.current());
        return ResponseEntity.accepted().location(URI.create("/api/processes/" + key + "/migrations/" + started.id())).body(started);
    }

    @GetMapping
    List<Progress> list(@PathVariable String key) {
        return migrations.list(key);
    }

    @GetMapping("/{id}")
    Progress progress(@PathVariable String key, @PathVariable String id) {
        return migrations.progress(key, id);
    }
}
