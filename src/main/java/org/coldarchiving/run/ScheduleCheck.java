package org.coldarchiving.run;

import org.quartz.CronExpression;

/** Refuses to start with an {@code archive.schedule} that is not a Quartz cron expression, naming the fix. */
public class ScheduleCheck {

    private String schedule;

    public void setSchedule(String schedule) {
        this.schedule = schedule;
    }

    public void check() {
        if (schedule == null || !CronExpression.isValidExpression(schedule)) {
            throw new IllegalArgumentException("archive.schedule='" + schedule + "' is not a Quartz cron expression: "
                    + "use seconds minutes hours day-of-month month day-of-week, e.g. '0 30 1 1 * ?' "
                    + "(01:30 UTC on the 1st of every month)");
        }
    }
}
