<?php
/** Bad input through the PHP binding, and the calls the vectors do not reach. */

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use Tthc\Engine;
use Tthc\Tthc;
use Tthc\TthcException;

final class AbiTest extends TestCase
{
    private static function fixture(string $name): string
    {
        return dirname(__DIR__, 3) . '/tests/fixtures/' . $name;
    }

    private static function engine(): Engine
    {
        return Engine::fromDir(self::fixture('sample-ffi-a'), true);
    }

    /** Runs $f and returns the status name it failed with. */
    private static function statusOf(callable $f): string
    {
        try {
            $f();
        } catch (TthcException $e) {
            return $e->status;
        }
        return 'OK';
    }

    public function testVersions(): void
    {
        $this->assertMatchesRegularExpression('/^\d+\.\d+\.\d+/', Tthc::version());
        $this->assertSame(1, Tthc::abiVersion());
    }

    public function testNullArguments(): void
    {
        $e = self::engine();
        $this->assertSame('NULL_ARGUMENT', self::statusOf(fn () => $e->callRaw('evaluate', null)));
        $this->assertSame('NULL_ARGUMENT', self::statusOf(fn () => Engine::fromDir(null)));
    }

    public function testInvalidUtf8(): void
    {
        $e = self::engine();
        $this->assertSame('INVALID_UTF8', self::statusOf(fn () => $e->callRaw('evaluate', "{\"procedure\": \"\xff\"}")));
        $this->assertSame('INVALID_UTF8', self::statusOf(fn () => Engine::fromSources(['procedures/x.toml' => "id = \"\xc3\x28\""], true)));
    }

    public function testMalformedJson(): void
    {
        $e = self::engine();
        $this->assertSame('INVALID_JSON', self::statusOf(fn () => $e->callRaw('evaluate', '{"procedure": ')));
        $this->assertSame('INVALID_JSON', self::statusOf(fn () => $e->callRaw('procedure_search', '[1, 2')));
        $this->assertSame('INVALID_INPUT', self::statusOf(fn () => $e->callRaw('procedure_show', '{"procedure": "sample.ffi", "bogus": 1}')));
    }

    public function testOversizedInput(): void
    {
        $e = self::engine();
        $big = str_repeat(' ', Tthc::ffi()->tthc_max_input_bytes() + 1);
        $this->assertSame('INPUT_TOO_LARGE', self::statusOf(fn () => $e->callRaw('evaluate', $big)));
    }

    public function testCatalogueErrorsHaveLocations(): void
    {
        try {
            Engine::fromSources(['procedures/bad.toml' => "[[procedure]]\nid = \"sample.x\"\nname = \n"], true);
            $this->fail('a broken catalogue loaded');
        } catch (TthcException $ex) {
            $this->assertSame('CATALOG_ERROR', $ex->status);
            $loc = $ex->details['diagnostics'][0]['location'];
            $this->assertSame(['procedures/bad.toml', 3], [$loc['file'], $loc['line']]);
        }
    }

    public function testFailedReloadKeepsTheOldCatalogue(): void
    {
        $e = self::engine();
        $a = $e->contentHash();
        $this->assertSame('CATALOG_ERROR', self::statusOf(fn () => $e->reloadFromDir(self::fixture('sample-broken-catalog'))));
        $this->assertSame($a, $e->contentHash());
        $e->reloadFromDir(self::fixture('sample-ffi-b'), true);
        $this->assertNotSame($a, $e->contentHash());
        $this->assertSame(20000, $e->evaluate(['procedure' => 'sample.ffi', 'channel' => 'in-person', 'submitted_at' => '2025-03-10T09:00:00'])['fee']['payable']);
    }

    public function testSearchShowAndBatch(): void
    {
        $e = self::engine();
        $this->assertSame('sample.ffi', $e->procedureSearch('mau ffi')['hits'][0]['id']);
        $this->assertSame(3, $e->procedureShow('1.999981', '2025-07-01')['procedure']['processing'][0]['amount']);
        $case = ['procedure' => 'sample.ffi', 'channel' => 'in-person', 'submitted_at' => '2025-03-10T09:00:00'];
        $batch = $e->evaluateBatch([$case, ['procedure' => 'sample.khong-co'] + $case]);
        $this->assertSame(['OK', 'NOT_FOUND'], array_column($batch, 'status'));
    }

    public function testCalendarAndLunar(): void
    {
        $cal = self::engine()->calendar();
        $nationalDay = Tthc::dateFromYmd(2025, 9, 2);
        $this->assertFalse($cal->isWorkingDay($nationalDay));
        $due = $cal->addWorkingDays(Tthc::dateFromYmd(2025, 9, 3), 5);
        $this->assertSame([2025, 9, 10], Tthc::dateToYmd($due));
        $this->assertSame(5, $cal->workingDaysBetween(Tthc::dateFromYmd(2025, 9, 3), $due));
        $this->assertSame('OUT_OF_RANGE', self::statusOf(fn () => $cal->isWorkingDay(Tthc::dateFromYmd(1900, 1, 1))));
        $this->assertSame('INVALID_INPUT', self::statusOf(fn () => Tthc::dateFromYmd(2025, 2, 29)));
        $this->assertSame(['year' => 2025, 'month' => 1, 'day' => 1, 'leap' => false], Tthc::solarToLunar(Tthc::dateFromYmd(2025, 1, 29)));
        $this->assertSame('NOT_FOUND', self::statusOf(fn () => self::engine()->calendar('sample-khong-co')));
    }
}
