package org.coldarchiving.run;

import org.quartz.CronExpression;

/**
 * Refuses to start with a schedule ({@code archive.schedule}, {@code archive.retention.schedule}) that is
 * not a Quartz cron expression, naming the setting and the fix.
 */
public class ScheduleCheck {

    private String setting;
    private String schedule;

    /** The name of the setting checked, for the message. */
    public void setSetting(String setting) {
        this.setting = setting;
    }

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public void check() {
        if (schedule == null || !CronExpression.isValidExpression(schedule)) {
            throw new IllegalArgumentException(setting + "='" + schedule + "' is not a Quartz cron expression: "
                    + "use seconds minutes hours day-of-month month day-of-week, e.g. '0 30 1 1 * ?' "
                    + "(01:30 UTC on the 1st of every month)");
        }
    }
}
