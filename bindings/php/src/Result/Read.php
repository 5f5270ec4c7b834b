<?php

declare(strict_types=1);

namespace Tthc\Result;

use Tthc\Exception\InternalException;
use Tthc\Status;

/**
 * Reads one JSON object of an answer into typed values, naming the path of
 * a missing or mistyped field. Keys the binding does not know are ignored
 * (the engine may add fields); a nullable field may also be absent.
 *
 * @internal
 */
final class Read
{
    private static ?\DateTimeZone $vietnam = null;

    /** @param array<mixed> $a */
    public function __construct(private array $a, private string $path = '')
    {
    }

    /** The answer text decoded, as a reader of its top object. */
    public static function json(string $json): self
    {
        $a = json_decode($json, true);
        if (!is_array($a)) {
            throw self::unreadable('the answer is not a JSON object');
        }
        return new self($a);
    }

    private static function unreadable(string $what): InternalException
    {
        return new InternalException(
            "cannot read libtthc's answer: $what",
            Status::PANIC,
            'unreadable-answer',
            'the library and the PHP binding are from different versions; install matching ones',
        );
    }

    private function at(string $key): string
    {
        return $this->path === '' ? $key : "{$this->path}.$key";
    }

    /** The exception for a field that is missing or not of the type the binding reads. */
    private function bad(string $key, string $what): InternalException
    {
        return self::unreadable('`' . $this->at($key) . '` ' . (array_key_exists($key, $this->a) && $this->a[$key] !== null ? "is not $what" : 'is missing'));
    }

    // One method per type, each a single lookup and test: an answer has a
    // hundred fields or so, and this runs for each.

    public function str(string $key): string
    {
        $v = $this->a[$key] ?? null;
        return is_string($v) ? $v : throw $this->bad($key, 'a string');
    }

    public function optStr(string $key): ?string
    {
        $v = $this->a[$key] ?? null;
        return $v === null || is_string($v) ? $v : throw $this->bad($key, 'a string');
    }

    public function int(string $key): int
    {
        $v = $this->a[$key] ?? null;
        return is_int($v) ? $v : throw $this->bad($key, 'an integer');
    }

    public function optInt(string $key): ?int
    {
        $v = $this->a[$key] ?? null;
        return $v === null || is_int($v) ? $v : throw $this->bad($key, 'an integer');
    }

    public function bool(string $key): bool
    {
        $v = $this->a[$key] ?? null;
        return is_bool($v) ? $v : throw $this->bad($key, 'a boolean');
    }

    /** @return array<mixed>|null */
    private function optArray(string $key): ?array
    {
        $v = $this->a[$key] ?? null;
        return $v === null || is_array($v) ? $v : throw $this->bad($key, 'an object or array');
    }

    /** A date (`YYYY-MM-DD`), at 00:00 in Vietnam. */
    public function date(string $key): \DateTimeImmutable
    {
        return $this->optDate($key) ?? throw $this->bad($key, 'a date');
    }

    public function optDate(string $key): ?\DateTimeImmutable
    {
        $s = $this->optStr($key);
        if ($s === null) {
            return null;
        }
        $d = \DateTimeImmutable::createFromFormat('!Y-m-d', $s, self::$vietnam ??= new \DateTimeZone('+07:00'));
        return $d !== false ? $d : throw self::unreadable('`' . $this->at($key) . "` = \"$s\" is not a date");
    }

    /** An instant (RFC 3339 with its offset, +07:00 from the engine). */
    public function instant(string $key): \DateTimeImmutable
    {
        return $this->optInstant($key) ?? throw $this->bad($key, 'an instant');
    }

    public function optInstant(string $key): ?\DateTimeImmutable
    {
        $s = $this->optStr($key);
        if ($s === null) {
            return null;
        }
        $d = \DateTimeImmutable::createFromFormat('Y-m-d\\TH:i:sP', $s);
        return $d !== false ? $d : throw self::unreadable('`' . $this->at($key) . "` = \"$s\" is not an RFC 3339 instant");
    }

    public function obj(string $key): self
    {
        return $this->optObj($key) ?? throw $this->bad($key, 'an object');
    }

    public function optObj(string $key): ?self
    {
        $a = $this->optArray($key);
        return $a === null ? null : new self($a, $this->path === '' ? $key : "{$this->path}.$key");
    }

    /**
     * The objects of an array field, each read by $read; an absent field is
     * an empty list.
     *
     * @template T
     * @param callable(self): T $read
     * @return list<T>
     */
    public function list(string $key, callable $read): array
    {
        $out = [];
        foreach ($this->optArray($key) ?? [] as $i => $item) {
            $out[] = $read(new self(is_array($item) ? $item : throw self::unreadable('`' . $this->at("$key.$i") . '` is not an object'), $this->at("$key.$i")));
        }
        return $out;
    }

    /**
     * An object of strings by name (e.g. a procedure's `verbatim`); absent is empty.
     *
     * @return array<string, string>
     */
    public function stringMap(string $key): array
    {
        $out = [];
        foreach ($this->optArray($key) ?? [] as $k => $s) {
            $out[(string) $k] = is_string($s) ? $s : throw self::unreadable('`' . $this->at("$key.$k") . '` is not a string');
        }
        return $out;
    }

    /** @return list<string> */
    public function strings(string $key): array
    {
        $out = [];
        foreach ($this->optArray($key) ?? [] as $i => $s) {
            $out[] = is_string($s) ? $s : throw self::unreadable('`' . $this->at("$key.$i") . '` is not a string');
        }
        return $out;
    }
}
