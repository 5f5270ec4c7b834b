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

    private function get(string $key, string $type, bool $nullable): mixed
    {
        $v = $this->a[$key] ?? null;
        if ($v === null) {
            return $nullable ? null : throw self::unreadable('`' . $this->at($key) . '` is missing');
        }
        $ok = match ($type) {
            'string' => is_string($v),
            'int' => is_int($v),
            'bool' => is_bool($v),
            'array' => is_array($v),
        };
        return $ok ? $v : throw self::unreadable('`' . $this->at($key) . "` is not a $type");
    }

    public function str(string $key): string
    {
        return $this->get($key, 'string', false);
    }

    public function optStr(string $key): ?string
    {
        return $this->get($key, 'string', true);
    }

    public function int(string $key): int
    {
        return $this->get($key, 'int', false);
    }

    public function optInt(string $key): ?int
    {
        return $this->get($key, 'int', true);
    }

    public function bool(string $key): bool
    {
        return $this->get($key, 'bool', false);
    }

    /** A date (`YYYY-MM-DD`), at 00:00 in Vietnam. */
    public function date(string $key): \DateTimeImmutable
    {
        return $this->optDate($key) ?? throw self::unreadable('`' . $this->at($key) . '` is missing');
    }

    public function optDate(string $key): ?\DateTimeImmutable
    {
        $s = $this->optStr($key);
        if ($s === null) {
            return null;
        }
        $d = \DateTimeImmutable::createFromFormat('!Y-m-d', $s, new \DateTimeZone('+07:00'));
        return $d !== false ? $d : throw self::unreadable('`' . $this->at($key) . "` = \"$s\" is not a date");
    }

    /** An instant (RFC 3339 with its offset, +07:00 from the engine). */
    public function instant(string $key): \DateTimeImmutable
    {
        return $this->optInstant($key) ?? throw self::unreadable('`' . $this->at($key) . '` is missing');
    }

    public function optInstant(string $key): ?\DateTimeImmutable
    {
        $s = $this->optStr($key);
        if ($s === null) {
            return null;
        }
        $d = \DateTimeImmutable::createFromFormat(\DateTimeInterface::RFC3339, $s);
        return $d !== false ? $d : throw self::unreadable('`' . $this->at($key) . "` = \"$s\" is not an RFC 3339 instant");
    }

    public function obj(string $key): self
    {
        return new self($this->get($key, 'array', false), $this->at($key));
    }

    public function optObj(string $key): ?self
    {
        $a = $this->get($key, 'array', true);
        return $a === null ? null : new self($a, $this->at($key));
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
        foreach ($this->get($key, 'array', true) ?? [] as $i => $item) {
            $out[] = $read(new self(is_array($item) ? $item : throw self::unreadable('`' . $this->at("$key.$i") . '` is not an object'), $this->at("$key.$i")));
        }
        return $out;
    }

    /** @return list<string> */
    public function strings(string $key): array
    {
        $out = [];
        foreach ($this->get($key, 'array', true) ?? [] as $i => $s) {
            $out[] = is_string($s) ? $s : throw self::unreadable('`' . $this->at("$key.$i") . '` is not a string');
        }
        return $out;
    }
}
