<?php

declare(strict_types=1);

namespace Tthc;


/**
 * The library as a whole: where it is loaded from, its versions, and the
 * date conversions (solar and lunar).
 *
 * Dates: a `DateTimeInterface` in counts as the calendar date it shows in
 * its own time zone (`format('Y-m-d')`); dates out are `DateTimeImmutable`
 * at 00:00 in Vietnam (+07:00). The integer form (days since 1970-01-01)
 * is accepted wherever a date is, and is range-checked before it reaches C.
 */
final class Tthc
{
    /**
     * Where to load libtthc from, instead of the defaults (see
     * bindings/php/README.md); call it before the first call that needs the
     * library. $header defaults to `tthc_php.h` in the `include` directory
     * beside the library's `lib` directory, then in /usr/local/include and
     * /usr/include.
     */
    public static function configure(?string $library = null, ?string $header = null): void
    {
        Library::configure($library, $header);
    }

    /** @return array{0: string, 1: string} the library and header paths in use (loads the library) */
    public static function loadedFrom(): array
    {
        return Library::loadedFrom();
    }

    /** The library version, e.g. "0.1.0". */
    public static function version(): string
    {
        return Library::ffi()->tthc_version();
    }

    /** The C ABI version (1 for this binding). */
    public static function abiVersion(): int
    {
        return Library::ffi()->tthc_abi_version();
    }

    /** The largest request (JSON text, catalogue file) in bytes the library reads. */
    public static function maxInputBytes(): int
    {
        return Library::ffi()->tthc_max_input_bytes();
    }

    /** Days since 1970-01-01 of a date; InvalidDateException when it does not exist. */
    public static function dateFromYmd(int $year, int $month, int $day): int
    {
        $date = "$year-$month-$day";
        $ffi = Library::ffi();
        $out = $ffi->new('int32_t');
        Library::check($ffi->tthc_date_from_ymd(
            Library::datePart($year, -2147483648, 2147483647, $date),
            Library::datePart($month, -2147483648, 2147483647, $date),
            Library::datePart($day, -2147483648, 2147483647, $date),
            \FFI::addr($out),
        ));
        return $out->cdata;
    }

    /** @return array{int, int, int} year, month and day of a day number */
    public static function dateToYmd(int $day): array
    {
        $ffi = Library::ffi();
        [$y, $m, $d] = [$ffi->new('int32_t'), $ffi->new('int32_t'), $ffi->new('int32_t')];
        Library::check($ffi->tthc_date_to_ymd(Library::dayNumber($day), \FFI::addr($y), \FFI::addr($m), \FFI::addr($d)));
        return [$y->cdata, $m->cdata, $d->cdata];
    }

    /** Days since 1970-01-01 of a date. */
    public static function toDay(\DateTimeInterface $date): int
    {
        return Library::day($date);
    }

    /** The date of a day number, at 00:00 in Vietnam. */
    public static function fromDay(int $day): \DateTimeImmutable
    {
        return Library::date($day);
    }

    /** The lunar date of a solar date (1900–2199). */
    public static function solarToLunar(\DateTimeInterface|int $date): LunarDate
    {
        $ffi = Library::ffi();
        $l = $ffi->new('tthc_lunar_date');
        Library::check($ffi->tthc_solar_to_lunar(Library::day($date), \FFI::addr($l)));
        return new LunarDate($l->year, $l->month, $l->day, $l->leap !== 0);
    }

    /** The solar date of a lunar date; InvalidDateException when it does not exist. */
    public static function lunarToSolar(LunarDate $lunar): \DateTimeImmutable
    {
        $ffi = Library::ffi();
        $text = "lunar {$lunar->year}-{$lunar->month}-{$lunar->day}" . ($lunar->leap ? ' (leap)' : '');
        $l = $ffi->new('tthc_lunar_date');
        $l->year = Library::datePart($lunar->year, -2147483648, 2147483647, $text, 'invalid-lunar-date');
        $l->month = Library::datePart($lunar->month, 0, 255, $text, 'invalid-lunar-date');
        $l->day = Library::datePart($lunar->day, 0, 255, $text, 'invalid-lunar-date');
        $l->leap = $lunar->leap ? 1 : 0;
        $out = $ffi->new('int32_t');
        Library::check($ffi->tthc_lunar_to_solar(\FFI::addr($l), \FFI::addr($out)));
        return Library::date($out->cdata);
    }
}
