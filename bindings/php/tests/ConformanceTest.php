<?php
/**
 * Every conformance vector (tests/conformance/vectors.json, exported from the
 * TOML files) through the PHP binding; paths as in tests/conformance/README.md:
 * `a.b` key, `a.2` index, `a[].b` the list of `b` over the array `a`.
 */

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use Tthc\Engine;
use Tthc\TthcException;

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
        $operation = $v->operation ?? 'evaluate';
        // Deadline and track vectors layer their fixture over the embedded
        // catalogue, as the Rust runners do.
        $over = ($v->over_embedded ?? false) || $operation !== 'evaluate';
        $key = $catalog . ($over ? '+embedded' : '');
        return self::$engines[$key] ??= $catalog === 'embedded'
            ? Engine::embedded()
            : Engine::fromDir(self::root() . '/tests/fixtures/' . $catalog, $over);
    }

    /** [found, value] at $path in $v (decoded as arrays). */
    private static function select(mixed $v, string $path): array
    {
        [$head, $rest] = array_pad(explode('.', $path, 2), 2, null);
        $map = str_ends_with($head, '[]');
        $key = $map ? substr($head, 0, -2) : $head;
        if (!is_array($v) || !array_key_exists(array_is_list($v) && ctype_digit($key) ? (int) $key : $key, $v)) {
            return [false, null];
        }
        $here = $v[array_is_list($v) && ctype_digit($key) ? (int) $key : $key];
        if ($map) {
            if (!is_array($here) || !array_is_list($here)) {
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
        $operation = $v->operation ?? 'evaluate';
        $request = $operation === 'track'
            ? (object) array_filter(['case' => $v->case, 'events' => $v->events ?? [], 'as_of' => $v->as_of ?? null], fn ($x) => $x !== null)
            : $v->case;
        $json = json_encode($request, JSON_THROW_ON_ERROR | JSON_UNESCAPED_UNICODE);
        if (isset($v->expect_error)) {
            try {
                $engine->callRaw($operation, $json);
                $this->fail("expected error {$v->expect_error->kind}");
            } catch (TthcException $e) {
                $this->assertSame($v->expect_error->kind, $e->details['kind'] ?? null);
                $this->assertStringContainsString($v->expect_error->message, $e->getMessage());
            }
            return;
        }
        $answer = json_decode($engine->callRaw($operation, $json), true, 512, JSON_THROW_ON_ERROR);
        $expect = json_decode(json_encode($v->expect ?? new stdClass(), JSON_THROW_ON_ERROR), true);
        foreach ($expect as $path => $want) {
            [$found, $got] = self::select($answer, (string) $path);
            $this->assertTrue($found, "`$path` not found");
            $this->assertTrue(self::same($got, $want), "`$path` = " . json_encode($got) . ', expected ' . json_encode($want));
        }
        foreach ($v->expect_null ?? [] as $path) {
            [$found, $got] = self::select($answer, $path);
            $this->assertTrue($found && $got === null, "`$path` is not null");
        }
    }
}
