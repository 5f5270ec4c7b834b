<?php

declare(strict_types=1);

namespace Tthc;

use Tthc\Exception\CalendarRangeException;
use Tthc\Exception\CaseException;
use Tthc\Exception\Errors;
use Tthc\Exception\InternalException;
use Tthc\Exception\InvalidDateException;

/**
 * The loaded libtthc and what every call shares: finding the library and
 * its header, turning statuses into exceptions, freeing returned strings,
 * and checking PHP values before they reach a C parameter (a PHP int has
 * 64 bits, an `int32_t` 32: FFI would cut the high bits off silently).
 *
 * @internal use Tthc::configure() and the Engine and Calendar classes
 */
final class Library
{
    /** The C ABI this binding was written against (tthc_abi_version()). */
    private const ABI_VERSION = 1;

    /** Request keys whose values are dates, not instants (for DateTimeInterface values). */
    private const DATE_KEYS = ['on', 'new_due'];

    private static ?\FFI $ffi = null;
    private static ?string $library = null;
    private static ?string $header = null;
    /** @var array{0: string, 1: string}|null */
    private static ?array $loadedFrom = null;

    public static function configure(?string $library, ?string $header): void
    {
        if (self::$ffi !== null) {
            throw new \LogicException('libtthc is already loaded from ' . implode(' with ', (array) self::$loadedFrom) . '; call Tthc::configure() before the first call');
        }
        self::$library = $library;
        self::$header = $header;
    }

    /** The FFI instance, loading the library on first use. */
    public static function ffi(): \FFI
    {
        return self::$ffi ??= self::load();
    }

    /** @return array{0: string, 1: string} library and header paths in use */
    public static function loadedFrom(): array
    {
        self::ffi();
        return self::$loadedFrom ?? ['', ''];
    }

    private static function load(): \FFI
    {
        $tried = [];
        foreach (self::candidates() as [$lib, $header]) {
            $header ??= self::findHeader($lib);
            if ($header === null || !is_file($header) || (str_contains($lib, '/') && !is_file($lib))) {
                $tried[] = $lib . ($header === null ? ' (no tthc_php.h found for it)' : " with $header");
                continue;
            }
            try {
                $ffi = \FFI::cdef((string) file_get_contents($header), $lib);
            } catch (\FFI\Exception $e) {
                $tried[] = "$lib with $header: " . $e->getMessage();
                continue;
            }
            $abi = $ffi->tthc_abi_version();
            if ($abi !== self::ABI_VERSION) {
                throw new \RuntimeException("$lib has C ABI version $abi; this binding needs " . self::ABI_VERSION);
            }
            self::$loadedFrom = [$lib, $header];
            return $ffi;
        }
        throw new \RuntimeException("libtthc not found; tried:\n  " . implode("\n  ", $tried)
            . "\nInstall it (bindings/README.md), or call Tthc\\Tthc::configure('/path/to/libtthc.so', '/path/to/tthc_php.h')");
    }

    /**
     * Where to look, in order: configure(); $TTHC_LIB / $TTHC_HEADER; every
     * tthc.pc on $PKG_CONFIG_PATH and pkg-config's standard directories;
     * /usr/local; a build in the repository checkout this package sits in;
     * finally `libtthc.so` through the system loader.
     *
     * @return list<array{0: string, 1: ?string}> library and header (null: look for it)
     */
    private static function candidates(): array
    {
        $found = [];
        if (self::$library !== null) {
            return [[self::$library, self::$header]];
        }
        $env = getenv('TTHC_LIB');
        if (is_string($env) && $env !== '') {
            $header = getenv('TTHC_HEADER');
            return [[$env, is_string($header) && $header !== '' ? $header : self::$header]];
        }
        foreach (self::pkgConfigFiles() as $pc) {
            $vars = self::readPc($pc);
            if (isset($vars['libdir'], $vars['includedir'])) {
                $found[] = [$vars['libdir'] . '/libtthc.so', $vars['includedir'] . '/tthc_php.h'];
            }
        }
        $found[] = ['/usr/local/lib/libtthc.so', '/usr/local/include/tthc_php.h'];
        $checkout = dirname(__DIR__, 3);
        $found[] = ["$checkout/target/release/libtthc.so", "$checkout/include/tthc_php.h"];
        $found[] = ['libtthc.so', self::$header];
        return $found;
    }

    /** tthc_php.h beside a library path (`<prefix>/include` for `<prefix>/lib`), or in a system include directory. */
    private static function findHeader(string $lib): ?string
    {
        $places = [];
        if (str_contains($lib, '/')) {
            $places[] = dirname($lib, 2) . '/include/tthc_php.h';
        }
        array_push($places, '/usr/local/include/tthc_php.h', '/usr/include/tthc_php.h', dirname(__DIR__, 3) . '/include/tthc_php.h');
        foreach ($places as $p) {
            if (is_file($p)) {
                return $p;
            }
        }
        return null;
    }

    /** @return list<string> tthc.pc files, in pkg-config's search order */
    private static function pkgConfigFiles(): array
    {
        $dirs = array_filter(explode(':', (string) getenv('PKG_CONFIG_PATH')));
        array_push($dirs, '/usr/local/lib/pkgconfig', '/usr/local/share/pkgconfig', '/usr/lib/x86_64-linux-gnu/pkgconfig', '/usr/lib/aarch64-linux-gnu/pkgconfig', '/usr/lib/pkgconfig', '/usr/share/pkgconfig');
        return array_values(array_filter(array_map(fn ($d) => "$d/tthc.pc", $dirs), 'is_file'));
    }

    /** @return array<string, string> the variables of a .pc file, `${var}` expanded */
    private static function readPc(string $file): array
    {
        $vars = [];
        foreach (file($file, FILE_IGNORE_NEW_LINES) ?: [] as $line) {
            if (preg_match('/^([A-Za-z_][A-Za-z0-9_.]*)=(.*)$/', $line, $m)) {
                $vars[$m[1]] = (string) preg_replace_callback('/\$\{([^}]+)\}/', fn ($v) => $vars[$v[1]] ?? '', trim($m[2]));
            }
        }
        return $vars;
    }

    /** Throws the exception for a status other than OK. */
    public static function check(int $status): void
    {
        if ($status === 0) {
            return;
        }
        $json = self::ffi()->tthc_last_error_json();
        $details = $json === null ? [] : json_decode($json, true);
        $known = Status::tryFrom($status);
        if ($known === null) {
            throw new InternalException("libtthc returned status $status, unknown to this binding", Status::PANIC, 'unknown-status', '', is_array($details) ? $details : []);
        }
        throw Errors::fromDetails($known, is_array($details) ? $details : []);
    }

    /** The library-owned string in $out as a PHP string; frees it. */
    public static function take(\FFI\CData $out): string
    {
        $s = \FFI::string($out);
        self::ffi()->tthc_string_free($out);
        return $s;
    }

    private const INT32_MIN = -2147483648;
    private const INT32_MAX = 2147483647;

    /** A day number (days since 1970-01-01) checked for `int32_t`. */
    public static function dayNumber(int $day): int
    {
        if ($day < self::INT32_MIN || $day > self::INT32_MAX) {
            throw self::outOfRange("$day days since 1970-01-01 is not a supported date", 'out-of-range');
        }
        return $day;
    }

    /** A count of working days checked for `int32_t`. */
    public static function count(int $n): int
    {
        if ($n < self::INT32_MIN || $n > self::INT32_MAX) {
            throw self::outOfRange("$n working days takes the result outside the working calendar", 'result-out-of-range');
        }
        return $n;
    }

    /** What the library says of a day (`out-of-range`) or an answer (`result-out-of-range`) outside the calendar. */
    private static function outOfRange(string $message, string $kind): CalendarRangeException
    {
        return new CalendarRangeException($message, Status::OUT_OF_RANGE, $kind, 'use dates inside the range Calendar::range() reports');
    }

    /**
     * A year, month or day of a date checked for the C parameter's range,
     * refused as the library refuses a date that does not exist ($kind:
     * invalid-date, or invalid-lunar-date).
     */
    public static function datePart(int $value, int $min, int $max, string $date, string $kind = 'invalid-date'): int
    {
        if ($value < $min || $value > $max) {
            throw new InvalidDateException("$date is not a calendar date", Status::INVALID_INPUT, $kind, 'month is 1–12 and day 1–28/29/30/31 as the month has');
        }
        return $value;
    }

    /** Days since 1970-01-01 of a date (the calendar date it shows in its own time zone) or of a day number. */
    public static function day(\DateTimeInterface|int $date): int
    {
        if (is_int($date)) {
            return self::dayNumber($date);
        }
        [$y, $m, $d] = array_map('intval', explode('-', $date->format('Y-n-j')));
        return Tthc::dateFromYmd($y, $m, $d);
    }

    /** The date of a day number, at 00:00 in Vietnam (+07:00). */
    public static function date(int $day): \DateTimeImmutable
    {
        [$y, $m, $d] = Tthc::dateToYmd($day);
        return new \DateTimeImmutable(sprintf('%04d-%02d-%02dT00:00:00+07:00', $y, $m, $d));
    }

    /** A C string argument: refuses an interior NUL, which C would take as the end of the string. */
    public static function cString(?string $s, string $what): ?string
    {
        if ($s !== null && str_contains($s, "\0")) {
            throw new CaseException("`$what` contains a NUL byte", Status::INVALID_INPUT, 'invalid-input', 'pass text without NUL bytes');
        }
        return $s;
    }

    /**
     * A request as JSON text: a string is sent as it is; arrays and objects
     * are encoded, with DateTimeInterface values written as RFC 3339
     * instants (or as dates under the keys `on` and `new_due`).
     */
    public static function json(mixed $request): string
    {
        if (is_string($request)) {
            return self::cString($request, 'request') ?? '';
        }
        try {
            return json_encode(self::plain($request, null), JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_PRESERVE_ZERO_FRACTION);
        } catch (\JsonException $e) {
            $utf8 = $e->getCode() === JSON_ERROR_UTF8;
            throw new CaseException(
                'the request cannot be written as JSON: ' . $e->getMessage(),
                $utf8 ? Status::INVALID_UTF8 : Status::INVALID_INPUT,
                $utf8 ? 'invalid-utf8' : 'invalid-input',
                $utf8 ? 'encode text as UTF-8 (mb_convert_encoding)' : 'send arrays, strings, numbers, booleans and dates',
            );
        }
    }

    private static function plain(mixed $v, int|string|null $key): mixed
    {
        if ($v instanceof \DateTimeInterface) {
            return in_array($key, self::DATE_KEYS, true) ? $v->format('Y-m-d') : $v->format('Y-m-d\TH:i:sP');
        }
        if ($v instanceof \JsonSerializable) {
            return $v;
        }
        if (is_object($v)) {
            $v = get_object_vars($v);
            $out = [];
            foreach ($v as $k => $x) {
                $out[$k] = self::plain($x, $k);
            }
            return (object) $out;
        }
        if (is_array($v)) {
            $out = [];
            foreach ($v as $k => $x) {
                $out[$k] = self::plain($x, $k);
            }
            return $out;
        }
        return $v;
    }
}
