<?php
/**
 * PHP binding of libtthc over FFI (PHP 8.2, `ffi.enable=1` or preload).
 *
 * A thin layer: it loads include/tthc_php.h (the header without
 * preprocessor lines, which FFI::cdef cannot read), turns statuses into
 * TthcException, and frees every string the library returns. Arrays in,
 * arrays out for the JSON calls; plain ints (days since 1970-01-01) for the
 * calendar.
 */

declare(strict_types=1);

namespace Tthc;

/** A failed call: the status name and code, and the library's error JSON. */
final class TthcException extends \RuntimeException
{
    /** @param array<string, mixed> $details */
    public function __construct(public readonly string $status, int $code, string $message, public readonly array $details)
    {
        parent::__construct($message, $code);
    }
}

/** The loaded library; one FFI instance per process. */
final class Tthc
{
    private static ?\FFI $ffi = null;

    /**
     * Loads the library: $lib defaults to $TTHC_LIB, then libtthc.so on the
     * loader path; $header to $TTHC_HEADER, then include/tthc_php.h of this
     * repository.
     */
    public static function ffi(?string $lib = null, ?string $header = null): \FFI
    {
        if (self::$ffi === null) {
            $header ??= getenv('TTHC_HEADER') ?: __DIR__ . '/../../../include/tthc_php.h';
            $lib ??= getenv('TTHC_LIB') ?: 'libtthc.so';
            self::$ffi = \FFI::cdef((string) file_get_contents($header), $lib);
        }
        return self::$ffi;
    }

    public static function version(): string
    {
        return self::ffi()->tthc_version();
    }

    public static function abiVersion(): int
    {
        return self::ffi()->tthc_abi_version();
    }

    /** Throws TthcException for a status other than OK. */
    public static function check(int $status): void
    {
        if ($status === 0) {
            return;
        }
        $ffi = self::ffi();
        $json = $ffi->tthc_last_error_json();
        $details = $json === null ? [] : (array) json_decode($json, true);
        throw new TthcException($ffi->tthc_status_name($status), $status, (string) ($details['message'] ?? ''), $details);
    }

    /** The library-owned string in $out as a PHP string; frees it. */
    public static function take(\FFI\CData $out): string
    {
        $s = \FFI::string($out);
        self::ffi()->tthc_string_free($out);
        return $s;
    }

    /** Days since 1970-01-01 of a date. */
    public static function dateFromYmd(int $y, int $m, int $d): int
    {
        $out = self::ffi()->new('int32_t');
        self::check(self::ffi()->tthc_date_from_ymd($y, $m, $d, \FFI::addr($out)));
        return $out->cdata;
    }

    /** @return array{int, int, int} year, month, day */
    public static function dateToYmd(int $day): array
    {
        $ffi = self::ffi();
        [$y, $m, $d] = [$ffi->new('int32_t'), $ffi->new('int32_t'), $ffi->new('int32_t')];
        self::check($ffi->tthc_date_to_ymd($day, \FFI::addr($y), \FFI::addr($m), \FFI::addr($d)));
        return [$y->cdata, $m->cdata, $d->cdata];
    }

    /** @return array{year: int, month: int, day: int, leap: bool} */
    public static function solarToLunar(int $day): array
    {
        $l = self::ffi()->new('tthc_lunar_date');
        self::check(self::ffi()->tthc_solar_to_lunar($day, \FFI::addr($l)));
        return ['year' => $l->year, 'month' => $l->month, 'day' => $l->day, 'leap' => $l->leap !== 0];
    }
}

/** An engine over one catalogue; safe to keep for the life of the worker. */
final class Engine
{
    private function __construct(private \FFI\CData $handle)
    {
    }

    public function __destruct()
    {
        Tthc::ffi()->tthc_engine_free($this->handle);
    }

    /** The catalogue compiled into the library. */
    public static function embedded(): self
    {
        $out = Tthc::ffi()->new('tthc_engine*');
        Tthc::check(Tthc::ffi()->tthc_engine_new(\FFI::addr($out)));
        return new self($out);
    }

    /** A catalogue directory, optionally layered over the embedded one. */
    public static function fromDir(?string $dir, bool $overEmbedded = false): self
    {
        $out = Tthc::ffi()->new('tthc_engine*');
        Tthc::check(Tthc::ffi()->tthc_engine_new_from_dir($dir, $overEmbedded, \FFI::addr($out)));
        return new self($out);
    }

    /** @param array<string, string> $files relative path => TOML text */
    public static function fromSources(array $files, bool $overEmbedded = false): self
    {
        $out = Tthc::ffi()->new('tthc_engine*');
        [$paths, $texts, $keep] = self::sources($files);
        Tthc::check(Tthc::ffi()->tthc_engine_new_from_sources($paths, $texts, count($files), $overEmbedded, \FFI::addr($out)));
        unset($keep);
        return new self($out);
    }

    /**
     * C arrays of C strings for the files (kept alive by the third element).
     * @param array<string, string> $files
     * @return array{?\FFI\CData, ?\FFI\CData, list<\FFI\CData>}
     */
    private static function sources(array $files): array
    {
        $ffi = Tthc::ffi();
        $n = count($files);
        if ($n === 0) {
            return [null, null, []];
        }
        $paths = $ffi->new("const char*[$n]");
        $texts = $ffi->new("const char*[$n]");
        $keep = [];
        $i = 0;
        foreach ($files as $path => $text) {
            foreach ([[$paths, (string) $path], [$texts, $text]] as [$arr, $s]) {
                $buf = $ffi->new('char[' . (strlen($s) + 1) . ']', false);
                \FFI::memcpy($buf, $s, strlen($s));
                $buf[strlen($s)] = "\0";
                $keep[] = $buf;
                $arr[$i] = $ffi->cast('const char*', $buf);
            }
            $i++;
        }
        return [$paths, $texts, $keep];
    }

    public function reloadFromDir(?string $dir, bool $overEmbedded = false): void
    {
        Tthc::check(Tthc::ffi()->tthc_engine_reload_from_dir($this->handle, $dir, $overEmbedded));
    }

    public function contentHash(): string
    {
        $out = Tthc::ffi()->new('char*');
        Tthc::check(Tthc::ffi()->tthc_engine_content_hash($this->handle, \FFI::addr($out)));
        return Tthc::take($out);
    }

    /**
     * Calls a JSON export with raw request text (or null) and returns the
     * raw answer text; for callers that already hold JSON, and for tests.
     */
    public function callRaw(string $function, ?string $requestJson): string
    {
        $out = Tthc::ffi()->new('char*');
        Tthc::check(Tthc::ffi()->{'tthc_' . $function}($this->handle, $requestJson, \FFI::addr($out)));
        return Tthc::take($out);
    }

    /** @return array<string, mixed> */
    private function call(string $function, mixed $request): array
    {
        $json = is_string($request) ? $request : json_encode($request, JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE);
        return (array) json_decode($this->callRaw($function, $json), true, 512, JSON_THROW_ON_ERROR);
    }

    /** @return array<string, mixed> the decision */
    public function evaluate(mixed $case): array
    {
        return $this->call('evaluate', $case);
    }

    /** @return array<string, mixed> processing time and due instant */
    public function deadline(mixed $case): array
    {
        return $this->call('deadline', $case);
    }

    /** @return array<string, mixed> where the dossier stands */
    public function track(mixed $dossier): array
    {
        return $this->call('track', $dossier);
    }

    /** @return list<array<string, mixed>> one {status, result|error} per case */
    public function evaluateBatch(mixed $cases): array
    {
        return array_values($this->call('evaluate_batch', $cases));
    }

    /** @return array<string, mixed> */
    public function procedureShow(string $procedure, ?string $on = null, ?string $province = null): array
    {
        return $this->call('procedure_show', array_filter(['procedure' => $procedure, 'on' => $on, 'province' => $province], fn ($v) => $v !== null));
    }

    /** @return array<string, mixed> */
    public function procedureSearch(string $text): array
    {
        return $this->call('procedure_search', ['text' => $text]);
    }

    /** The working calendar of a province (null: national), as of now. */
    public function calendar(?string $province = null): Calendar
    {
        $out = Tthc::ffi()->new('tthc_calendar*');
        Tthc::check(Tthc::ffi()->tthc_calendar_new($this->handle, $province, \FFI::addr($out)));
        return new Calendar($out);
    }
}

/** A working calendar; days are days since 1970-01-01 (Tthc::dateFromYmd). */
final class Calendar
{
    public function __construct(private \FFI\CData $handle)
    {
    }

    public function __destruct()
    {
        Tthc::ffi()->tthc_calendar_free($this->handle);
    }

    public function isWorkingDay(int $day): bool
    {
        $out = Tthc::ffi()->new('bool');
        Tthc::check(Tthc::ffi()->tthc_calendar_is_working_day($this->handle, $day, \FFI::addr($out)));
        return $out->cdata;
    }

    public function addWorkingDays(int $day, int $n): int
    {
        $out = Tthc::ffi()->new('int32_t');
        Tthc::check(Tthc::ffi()->tthc_calendar_add_working_days($this->handle, $day, $n, \FFI::addr($out)));
        return $out->cdata;
    }

    public function workingDaysBetween(int $from, int $to): int
    {
        $out = Tthc::ffi()->new('int32_t');
        Tthc::check(Tthc::ffi()->tthc_calendar_working_days_between($this->handle, $from, $to, \FFI::addr($out)));
        return $out->cdata;
    }
}
