package vn.tthc;

/** A date of the Vietnamese lunar calendar (âm lịch); {@code leap} marks a leap month (tháng nhuận). */
public final class LunarDate {
    private final int year;
    private final int month;
    private final int day;
    private final boolean leap;

    public LunarDate(int year, int month, int day, boolean leap) {
        this.year = year;
        this.month = month;
        this.day = day;
        this.leap = leap;
    }

    /** Numbered like the solar year in which its month 1 starts. */
    public int year() {
        return year;
    }

    /** 1 (tháng Giêng) to 12 (tháng Chạp). */
    public int month() {
        return month;
    }

    /** 1 to 30. */
    public int day() {
        return day;
    }

    public boolean leap() {
        return leap;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LunarDate)) {
            return false;
        }
        LunarDate l = (LunarDate) o;
        return year == l.year && month == l.month && day == l.day && leap == l.leap;
    }

    @Override
    public int hashCode() {
        return ((year * 31 + month) * 31 + day) * 2 + (leap ? 1 : 0);
    }

    @Override
    public String toString() {
        return String.format("%04d-%02d-%02d%s (lunar)", year, month, day, leap ? " leap" : "");
    }
}
