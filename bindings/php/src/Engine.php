<?php

declare(strict_types=1);

namespace Tthc;

use Tthc\Exception\ClosedHandleException;
use Tthc\Exception\Errors;
use Tthc\Exception\InternalException;
use Tthc\Result\BatchItem;
use Tthc\Result\Decision;
use Tthc\Result\Deadline;
use Tthc\Result\ProcedureInfo;
use Tthc\Result\Read;
use Tthc\Result\SearchHit;
use Tthc\Result\Tracking;

/**
 * An engine over one catalogue; keep one for the life of the worker. Safe
 * to reload while in use: a call answers from the catalogue current when
 * it started.
 *
 * Requests (a case, a dossier) are arrays or objects in the JSON shape of
 * bindings/README.md, with `DateTimeInterface` values where the shape has
 * instants (`submitted_at`, `at`, `as_of`) or dates (`on`, `new_due`); or
 * JSON text. Answers are typed (Tthc\Result\*), each with the answer text
 * in `json`. Failures throw Tthc\Exception\TthcException subclasses.
 */
final class Engine
{
    /** The JSON exports callRaw() may name (`tthc_` + name). */
    /** Requests per batch call of the *Each() methods (evaluateEach()). */
    public const CHUNK = 1000;

    private const CALLS = ['evaluate', 'evaluate_batch', 'deadline', 'deadline_batch', 'track', 'track_batch', 'procedure_show', 'procedure_show_batch', 'procedure_search'];

    private function __construct(private ?\FFI\CData $handle)
    {
    }

    public function __destruct()
    {
        $this->close();
    }

    /** Frees the engine now; later calls throw ClosedHandleException. Idempotent. */
    public function close(): void
    {
        if ($this->handle !== null) {
            Library::ffi()->tthc_engine_free($this->handle);
            $this->handle = null;
        }
    }

    private function live(): \FFI\CData
    {
        return $this->handle ?? throw new ClosedHandleException('engine is closed', Status::NULL_ARGUMENT, 'closed', 'make a new Engine');
    }

    /** The catalogue compiled into the library. */
    public static function embedded(): self
    {
        $ffi = Library::ffi();
        $out = $ffi->new('tthc_engine*');
        Library::check($ffi->tthc_engine_new(\FFI::addr($out)));
        return new self($out);
    }

    /** A catalogue directory, alone or layered over the embedded catalogue. */
    public static function fromDir(string $dir, bool $overEmbedded = false): self
    {
        $ffi = Library::ffi();
        $out = $ffi->new('tthc_engine*');
        Library::check($ffi->tthc_engine_new_from_dir(Library::cString($dir, 'dir'), $overEmbedded, \FFI::addr($out)));
        return new self($out);
    }

    /**
     * A catalogue from TOML texts (e.g. kept in a database).
     *
     * @param array<string, string> $files relative path (e.g. "procedures/x.toml") => TOML text
     */
    public static function fromSources(array $files, bool $overEmbedded = false): self
    {
        $ffi = Library::ffi();
        $out = $ffi->new('tthc_engine*');
        [$paths, $texts, $pool] = self::sources($files);
        Library::check($ffi->tthc_engine_new_from_sources($paths, $texts, count($files), $overEmbedded, \FFI::addr($out)));
        unset($pool);
        return new self($out);
    }

    /** Replaces the catalogue with the embedded one. */
    public function reloadEmbedded(): void
    {
        Library::check(Library::ffi()->tthc_engine_reload_embedded($this->live()));
    }

    /** Replaces the catalogue; on failure the previous one stays and the exception says why. */
    public function reloadFromDir(string $dir, bool $overEmbedded = false): void
    {
        Library::check(Library::ffi()->tthc_engine_reload_from_dir($this->live(), Library::cString($dir, 'dir'), $overEmbedded));
    }

    /** @param array<string, string> $files relative path => TOML text */
    public function reloadFromSources(array $files, bool $overEmbedded = false): void
    {
        [$paths, $texts, $pool] = self::sources($files);
        Library::check(Library::ffi()->tthc_engine_reload_from_sources($this->live(), $paths, $texts, count($files), $overEmbedded));
        unset($pool);
    }

    /**
     * C arrays of the files' paths and texts, pointing into one buffer (the
     * third element: keep it until the call returns). PHP owns and frees
     * them all, so nothing leaks when the call fails.
     *
     * @param array<string, string> $files
     * @return array{?\FFI\CData, ?\FFI\CData, ?\FFI\CData}
     */
    private static function sources(array $files): array
    {
        $n = count($files);
        if ($n === 0) {
            return [null, null, null];
        }
        $ffi = Library::ffi();
        $lengths = 0;
        foreach ($files as $path => $text) {
            $lengths += strlen(Library::cString((string) $path, 'path') ?? '') + strlen(Library::cString($text, (string) $path) ?? '') + 2;
        }
        $pool = $ffi->new("char[$lengths]");
        $paths = $ffi->new("const char*[$n]");
        $texts = $ffi->new("const char*[$n]");
        $at = 0;
        $i = 0;
        foreach ($files as $path => $text) {
            foreach ([[$paths, (string) $path], [$texts, $text]] as [$array, $s]) {
                $start = \FFI::addr($pool[$at]);
                \FFI::memcpy($start, $s, strlen($s));
                $pool[$at + strlen($s)] = "\0";
                $array[$i] = $ffi->cast('const char*', $start);
                $at += strlen($s) + 1;
            }
            $i++;
        }
        return [$paths, $texts, $pool];
    }

    /** SHA-256 of the catalogue, as in every decision's receipt. */
    public function contentHash(): string
    {
        $out = Library::ffi()->new('char*');
        Library::check(Library::ffi()->tthc_engine_content_hash($this->live(), \FFI::addr($out)));
        return Library::take($out);
    }

    /**
     * Calls a JSON export by name (evaluate, deadline, track, their _batch
     * forms, procedure_show, procedure_search) with request text (null is
     * passed as NULL) and returns the answer text.
     */
    public function callRaw(string $function, ?string $requestJson): string
    {
        if (!in_array($function, self::CALLS, true)) {
            throw new \InvalidArgumentException("no JSON call `$function`; one of " . implode(', ', self::CALLS));
        }
        $ffi = Library::ffi();
        $out = $ffi->new('char*');
        Library::check($ffi->{"tthc_$function"}($this->live(), Library::cString($requestJson, 'request'), \FFI::addr($out)));
        return Library::take($out);
    }

    /**
     * The decision for a case: `['procedure' => 'ho-tich.dang-ky-khai-sinh',
     * 'channel' => 'in-person', 'submitted_at' => new DateTimeImmutable(…)]`
     * (schema/case.schema.json), or its JSON text.
     */
    public function evaluate(array|object|string $case): Decision
    {
        return Decision::fromJson($this->callRaw('evaluate', Library::json($case)));
    }

    /** When the case's result is due, and why. */
    public function deadline(array|object|string $case): Deadline
    {
        return Deadline::fromJson($this->callRaw('deadline', Library::json($case)));
    }

    /**
     * Where a dossier stands: `['case' => […], 'events' => [['kind' =>
     * 'received', 'at' => …], …], 'as_of' => …]` (as_of optional: now).
     */
    public function track(array|object|string $dossier): Tracking
    {
        return Tracking::fromJson($this->callRaw('track', Library::json($dossier)));
    }

    /**
     * A procedure by id or national code as it applies on $on (default:
     * today in Vietnam), in $province when given.
     */
    public function procedure(string $idOrCode, \DateTimeInterface|string|null $on = null, ?string $province = null): ProcedureInfo
    {
        return ProcedureInfo::fromJson($this->callRaw('procedure_show', Library::json(self::showRequest($idOrCode, $on, $province))));
    }

    /** @return array<string, mixed> */
    private static function showRequest(string $idOrCode, \DateTimeInterface|string|null $on, ?string $province): array
    {
        return array_filter(['procedure' => $idOrCode, 'on' => $on, 'province' => $province], fn ($v) => $v !== null);
    }

    /**
     * Procedures whose name, id or code match $text (diacritics optional), best first.
     *
     * @return list<SearchHit>
     */
    public function search(string $text): array
    {
        return Read::json($this->callRaw('procedure_search', Library::json(['text' => $text])))->list('hits', SearchHit::read(...));
    }

    /**
     * Decisions for many cases, all from one catalogue (a reload cannot
     * split a batch). Each item keeps its answer's text until its result
     * is first used (BatchItem).
     *
     * @param iterable<array<mixed>|object> $cases
     * @return list<BatchItem<Decision>>
     */
    public function evaluateBatch(iterable $cases): array
    {
        return $this->batch('evaluate_batch', $cases, Decision::fromJson(...));
    }

    /**
     * @param iterable<array<mixed>|object> $cases
     * @return list<BatchItem<Deadline>>
     */
    public function deadlineBatch(iterable $cases): array
    {
        return $this->batch('deadline_batch', $cases, Deadline::fromJson(...));
    }

    /**
     * @param iterable<array<mixed>|object> $dossiers
     * @return list<BatchItem<Tracking>>
     */
    public function trackBatch(iterable $dossiers): array
    {
        return $this->batch('track_batch', $dossiers, Tracking::fromJson(...));
    }

    /**
     * Several procedures at once; each request is `['procedure' => …, 'on' => …, 'province' => …]`.
     *
     * @param iterable<array<mixed>|object> $requests
     * @return list<BatchItem<ProcedureInfo>>
     */
    public function procedureBatch(iterable $requests): array
    {
        return $this->batch('procedure_show_batch', $requests, ProcedureInfo::fromJson(...));
    }

    /**
     * Decisions for a stream of cases of any length, in bounded memory:
     * the cases are read $chunk at a time, each chunk is one batch call
     * (from one catalogue; a reload may fall between two chunks) and its
     * answers are yielded before the next chunk is read. evaluateBatch()
     * holds every request and answer at once (each answer as its text
     * until it is read).
     *
     * @param iterable<array<mixed>|object> $cases
     * @return \Generator<int, BatchItem<Decision>>
     */
    public function evaluateEach(iterable $cases, int $chunk = self::CHUNK): \Generator
    {
        return $this->each('evaluate_batch', $cases, Decision::fromJson(...), $chunk);
    }

    /**
     * deadlineBatch() for a stream of cases, in bounded memory (see evaluateEach()).
     *
     * @param iterable<array<mixed>|object> $cases
     * @return \Generator<int, BatchItem<Deadline>>
     */
    public function deadlineEach(iterable $cases, int $chunk = self::CHUNK): \Generator
    {
        return $this->each('deadline_batch', $cases, Deadline::fromJson(...), $chunk);
    }

    /**
     * trackBatch() for a stream of dossiers, in bounded memory (see evaluateEach()).
     *
     * @param iterable<array<mixed>|object> $dossiers
     * @return \Generator<int, BatchItem<Tracking>>
     */
    public function trackEach(iterable $dossiers, int $chunk = self::CHUNK): \Generator
    {
        return $this->each('track_batch', $dossiers, Tracking::fromJson(...), $chunk);
    }

    /**
     * @template T of object
     * @param iterable<mixed> $requests
     * @param callable(string): T $read
     * @return list<BatchItem<T>>
     */
    private function batch(string $function, iterable $requests, callable $read): array
    {
        $list = [];
        foreach ($requests as $r) {
            $list[] = $r;
        }
        return $this->answers($function, $list, $read);
    }

    /**
     * @template T of object
     * @param iterable<mixed> $requests
     * @param callable(string): T $read
     * @return \Generator<int, BatchItem<T>>
     */
    private function each(string $function, iterable $requests, callable $read, int $chunk): \Generator
    {
        if ($chunk < 1) {
            throw new \InvalidArgumentException("chunk must be at least 1, not $chunk");
        }
        $list = [];
        foreach ($requests as $r) {
            $list[] = $r;
            if (count($list) === $chunk) {
                // Keys run on across chunks (yield from would restart them).
                foreach ($this->answers($function, $list, $read) as $item) {
                    yield $item;
                }
                $list = [];
            }
        }
        foreach ($list === [] ? [] : $this->answers($function, $list, $read) as $item) {
            yield $item;
        }
    }

    /**
     * One answer of a batch (`{"status":…,"result":…}` or
     * `{"status":…,"error":…}`) from where a match starts: a JSON object,
     * its strings skipped whole and its braces balanced, after the comma
     * that separates it from the one before.
     */
    private const ELEMENT = '/\G,?+(\{(?:[^{}"]++|"(?:[^"\\\\]++|\\\\.)*+"|(?1))*+\})/';

    /** How the library starts an element that answers; the result's text follows. */
    private const ANSWERED = '{"status":"OK","result":';

    /**
     * One batch call: the requests' answers, in order.
     *
     * The answer text is cut into its elements rather than decoded whole
     * (decoded, it takes about ten times its size): each result keeps its
     * own text, read when first used (BatchItem). Only failed requests are
     * decoded here, for their error. (The element shapes are the C batch's,
     * bindings/README.md.)
     *
     * @template T of object
     * @param list<mixed> $list
     * @param callable(string): T $read
     * @return list<BatchItem<T>>
     */
    private function answers(string $function, array $list, callable $read): array
    {
        $read = \Closure::fromCallable($read);
        $text = $this->callRaw($function, Library::json($list));
        $items = [];
        $at = 1;
        while (str_starts_with($text, '[') && preg_match(self::ELEMENT, $text, $m, 0, $at) === 1) {
            $at += strlen($m[0]);
            $items[] = str_starts_with($m[1], self::ANSWERED)
                ? BatchItem::answered(substr($m[1], strlen(self::ANSWERED), -1), $read)
                : self::failed($m[1]);
        }
        if ($at !== strlen($text) - 1 || $text[$at] !== ']' || count($items) !== count($list)) {
            $why = preg_last_error() === PREG_NO_ERROR ? 'not one answer per request' : 'cannot cut it into answers: ' . preg_last_error_msg();
            throw new InternalException("cannot read libtthc's answer: $why", Status::PANIC, 'unreadable-answer');
        }
        return $items;
    }

    /**
     * A failed request's element, `{"status":…,"error":{…}}`: the
     * exception the single call would have thrown.
     *
     * @return BatchItem<never>
     */
    private static function failed(string $element): BatchItem
    {
        $a = json_decode($element, true);
        $status = Status::fromName((string) ($a['status'] ?? '')) ?? Status::PANIC;
        if ($status === Status::OK) {
            throw new InternalException("cannot read libtthc's answer: a result not written as `" . self::ANSWERED . "…}`", Status::PANIC, 'unreadable-answer');
        }
        $details = $a['error'] ?? [];
        return new BatchItem($status, null, Errors::fromDetails($status, is_array($details) ? $details : []));
    }

    /** The working calendar of a province (null: national), as of the current catalogue. */
    public function calendar(?string $province = null): Calendar
    {
        $ffi = Library::ffi();
        $out = $ffi->new('tthc_calendar*');
        Library::check($ffi->tthc_calendar_new($this->live(), Library::cString($province, 'province'), \FFI::addr($out)));
        return new Calendar($out);
    }
}
