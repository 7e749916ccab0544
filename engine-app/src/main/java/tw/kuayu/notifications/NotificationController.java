package tw.kuayu.notifications;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import tw.kuayu.notifications.NotificationMapper.Notification;
import tw.kuayu.security.CurrentUser;
import tw.kuayu.security.CurrentUsers;

/** {@code GET /api/notifications}: the newest in-app notices to the caller's agency and role groups. */
@RestController
public class NotificationController {

    private final NotificationMapper notifications;
    private final CurrentUsers users;

    public NotificationController(NotificationMapper notifications, CurrentUsers users) {
        this.notifications = notifications;
        this.users = users;
    }

    @GetMapping("/api/notifications")
    public List<Notification> mine() {
        CurrentUser user = users.current();
        return user.groups().isEmpty() ? List.of() : notifications.forGroups(user.groups(), 100);
    }
}
