<?php
/**
 * Every conformance vector (tests/conformance/vectors.json, exported from the
 * TOML files) through the typed API: Engine::evaluate / deadline / track
 * return Decision / Deadline / Tracking objects, and each expected path is
 * read from those objects (`fee.reductions[].payable_after` is
 * `$decision->fee->reductions[$i]->payableAfter`), never from the answer
 * text. Paths as in tests/conformance/README.md: `a.b` key, `a.2` index,
 * `a[].b` the list of `b` over the array `a`.
 */

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use Tthc\Engine;
use Tthc\Exception\TthcException;

final class ConformanceTest extends TestCase
{
    /** @var array<string, Engine> one engine per (catalogue, over_embedded) */
    private static array $engines = [];

    private static function root(): string
    {
        return dirname(__DIR__, 3);
    }

    /** @return iterable<string, array{object}> */
    public static function vectors(): iterable
    {
        $doc = json_decode((string) file_get_contents(self::root() . '/tests/conformance/vectors.json'), false, 512, JSON_THROW_ON_ERROR);
        foreach ($doc->files as $file => $content) {
            foreach ($content->vector as $v) {
                yield "$file / {$v->name}" => [$v];
            }
        }
    }

    private static function engine(object $v): Engine
    {
        $catalog = $v->catalog ?? 'embedded';
        // Deadline and track vectors layer their fixture over the embedded
        // catalogue, as the Rust runners do.
        $over = ($v->over_embedded ?? false) || ($v->operation ?? 'evaluate') !== 'evaluate';
        $key = $catalog . ($over ? '+embedded' : '');
        return self::$engines[$key] ??= $catalog === 'embedded'
            ? Engine::embedded()
            : Engine::fromDir(self::root() . '/tests/fixtures/' . $catalog, $over);
    }

    /** The typed answer of the vector's operation. */
    private static function answer(Engine $engine, object $v): object
    {
        return match ($v->operation ?? 'evaluate') {
            'evaluate' => $engine->evaluate($v->case),
            'deadline' => $engine->deadline($v->case),
            'track' => $engine->track((object) array_filter(
                ['case' => $v->case, 'events' => $v->events ?? [], 'as_of' => $v->as_of ?? null],
                fn ($x) => $x !== null,
            )),
        };
    }

    /** `payable_after` → `payableAfter`. */
    private static function property(string $key): string
    {
        return lcfirst(str_replace('_', '', ucwords($key, '_')));
    }

    /**
     * [found, value] at $path in a typed answer.
     *
     * @return array{bool, mixed}
     */
    private static function select(mixed $v, string $path): array
    {
        [$head, $rest] = array_pad(explode('.', $path, 2), 2, null);
        $map = str_ends_with($head, '[]');
        $key = $map ? substr($head, 0, -2) : $head;
        if (is_array($v) && array_is_list($v) && ctype_digit($key)) {
            if (!array_key_exists((int) $key, $v)) {
                return [false, null];
            }
            $here = $v[(int) $key];
        } elseif (is_object($v) && property_exists($v, self::property($key))) {
            $here = $v->{self::property($key)};
        } else {
            return [false, null];
        }
        if ($map) {
            if (!is_array($here)) {
                return [false, null];
            }
            if ($rest === null) {
                return [true, $here];
            }
            $out = [];
            foreach ($here as $item) {
                [$found, $x] = self::select($item, $rest);
                if (!$found) {
                    return [false, null];
                }
                $out[] = $x;
            }
            return [true, $out];
        }
        return $rest === null ? [true, $here] : self::select($here, $rest);
    }

    /**
     * A typed value as the JSON value it stands for: a date as
     * `YYYY-MM-DD` when $like (the expected value) is one, else as an RFC
     * 3339 instant; an object as its fields with snake_case keys.
     */
    private static function plain(mixed $v, mixed $like): mixed
    {
        if ($v instanceof \DateTimeInterface) {
            return is_string($like) && preg_match('/^\d{4}-\d{2}-\d{2}$/', $like) ? $v->format('Y-m-d') : $v->format('Y-m-d\TH:i:sP');
        }
        if (is_array($v)) {
            $out = [];
            foreach ($v as $k => $x) {
                $out[$k] = self::plain($x, is_array($like) ? ($like[$k] ?? null) : null);
            }
            return $out;
        }
        if (is_object($v)) {
            $out = [];
            foreach (get_object_vars($v) as $k => $x) {
                $snake = strtolower((string) preg_replace('/[A-Z]/', '_$0', $k));
                $out[$snake] = self::plain($x, is_array($like) ? ($like[$snake] ?? null) : null);
            }
            unset($out['json']);
            return $out;
        }
        return $v;
    }

    /** JSON equality where 5 and 5.0 are the same number. */
    private static function same(mixed $a, mixed $b): bool
    {
        if ((is_int($a) || is_float($a)) && (is_int($b) || is_float($b))) {
            return (float) $a === (float) $b;
        }
        if (is_array($a) && is_array($b)) {
            if (count($a) !== count($b) || array_keys($a) !== array_keys($b)) {
                return false;
            }
            foreach ($a as $k => $x) {
                if (!self::same($x, $b[$k])) {
                    return false;
                }
            }
            return true;
        }
        return $a === $b;
    }

    /** @dataProvider vectors */
    public function testVector(object $v): void
    {
        $engine = self::engine($v);
        if (isset($v->expect_error)) {
            try {
                self::answer($engine, $v);
                $this->fail("expected error {$v->expect_error->kind}");
            } catch (TthcException $e) {
                $this->assertSame($v->expect_error->kind, $e->kind);
                $this->assertStringContainsString($v->expect_error->message, $e->getMessage());
                $this->assertNotSame(TthcException::class, $e::class, 'a known kind gets its own exception class');
            }
            return;
        }
        $answer = self::answer($engine, $v);
        $expect = json_decode(json_encode($v->expect ?? new stdClass(), JSON_THROW_ON_ERROR), true);
        foreach ($expect as $path => $want) {
            [$found, $got] = self::select($answer, (string) $path);
            $this->assertTrue($found, "`$path` is not in the typed answer");
            $got = self::plain($got, $want);
            $this->assertTrue(self::same($got, $want), "`$path` = " . json_encode($got) . ', expected ' . json_encode($want));
        }
        foreach ($v->expect_null ?? [] as $path) {
            [$found, $got] = self::select($answer, $path);
            $this->assertTrue($found && $got === null, "`$path` is not null");
        }
    }
}
