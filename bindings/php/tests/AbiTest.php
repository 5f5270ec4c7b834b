<?php
/** Bad input through the PHP binding, and the calls the vectors do not reach. */

declare(strict_types=1);

use PHPUnit\Framework\TestCase;
use Tthc\Engine;
use Tthc\Exception\CalendarRangeException;
use Tthc\Exception\CaseException;
use Tthc\Exception\CatalogException;
use Tthc\Exception\ClosedHandleException;
use Tthc\Exception\DeadlineException;
use Tthc\Exception\Errors;
use Tthc\Exception\InvalidDateException;
use Tthc\Exception\NotFoundException;
use Tthc\Exception\TthcException;
use Tthc\LunarDate;
use Tthc\Result\Decision;
use Tthc\Status;
use Tthc\Tthc;

final class AbiTest extends TestCase
{
    private const CASE = ['procedure' => 'sample.ffi', 'channel' => 'in-person', 'submitted_at' => '2025-03-10T09:00:00'];

    private static function root(): string
    {
        return dirname(__DIR__, 3);
    }

    private static function fixture(string $name): string
    {
        return self::root() . '/tests/fixtures/' . $name;
    }

    private static function engine(): Engine
    {
        return Engine::fromDir(self::fixture('sample-ffi-a'), true);
    }

    /** The exception $f throws (fails the test when it throws none). */
    private function thrown(callable $f): TthcException
    {
        try {
            $f();
        } catch (TthcException $e) {
            return $e;
        }
        $this->fail('no exception');
    }

    /** Asserts $f throws exactly $class with $status. */
    private function assertThrowsTyped(string $class, Status $status, callable $f): TthcException
    {
        $e = $this->thrown($f);
        $this->assertSame($class, $e::class, $e->getMessage());
        $this->assertSame($status, $e->status, $e->getMessage());
        return $e;
    }

    public function testVersionsAndWhereTheLibraryCameFrom(): void
    {
        $this->assertMatchesRegularExpression('/^\d+\.\d+\.\d+/', Tthc::version());
        $this->assertSame(1, Tthc::abiVersion());
        [$lib, $header] = Tthc::loadedFrom();
        $this->assertFileExists($lib);
        $this->assertStringEndsWith('tthc_php.h', $header);
        // Once loaded, the library cannot be swapped under running engines.
        $this->expectException(LogicException::class);
        Tthc::configure('/nonexistent/libtthc.so');
    }

    /** Runs PHP code in a new process (the library loads once per process) with $env added; [exit code, output]. */
    private static function php(string $code, array $env): array
    {
        $script = 'require ' . var_export(dirname(__DIR__) . '/vendor/autoload.php', true) . '; ' . $code;
        $proc = proc_open([PHP_BINARY, '-d', 'ffi.enable=1', '-r', $script], [1 => ['pipe', 'w'], 2 => ['redirect', 1]], $pipes, null, $env + getenv());
        $out = stream_get_contents($pipes[1]);
        fclose($pipes[1]);
        return [proc_close($proc), (string) $out];
    }

    public function testWhereTheLibraryIsLookedFor(): void
    {
        [$lib] = Tthc::loadedFrom();
        // One configuration call; the header is found beside the library (<prefix>/include).
        [$code, $out] = self::php('Tthc\Tthc::configure(' . var_export($lib, true) . '); echo implode("|", Tthc\Tthc::loadedFrom());', ['TTHC_LIB' => '/nonexistent/libtthc.so']);
        $this->assertSame(0, $code, $out);
        $this->assertSame($lib . '|' . dirname($lib, 2) . '/include/tthc_php.h', $out);
        // A wrong path is an error that says where it looked and what to do.
        [$code, $out] = self::php('echo Tthc\Tthc::version();', ['TTHC_LIB' => '/nonexistent/libtthc.so']);
        $this->assertNotSame(0, $code);
        $this->assertStringContainsString('libtthc not found; tried:', $out);
        $this->assertStringContainsString('/nonexistent/libtthc.so', $out);
        $this->assertStringContainsString('Tthc\\Tthc::configure(', $out);
    }

    /** The library's table of statuses and kinds (tthc_error_kinds_json), decoded. */
    private static function kindsTable(): array
    {
        return json_decode(\Tthc\Library::ffi()->tthc_error_kinds_json(), true, 512, JSON_THROW_ON_ERROR);
    }

    /** The Status cases are the library's statuses, same values and names, both ways. */
    public function testStatusMirrorsTheLibrarysTable(): void
    {
        $library = array_column(self::kindsTable()['statuses'], 'code', 'name');
        $enum = array_column(array_map(fn (Status $s) => ['name' => $s->name, 'code' => $s->value], Status::cases()), 'code', 'name');
        $this->assertGreaterThan(11, count($library));
        $this->assertSame($library, $enum);
        foreach (Status::cases() as $s) {
            $this->assertSame($s->name, \Tthc\Library::ffi()->tthc_status_name($s->value));
        }
    }

    /** Every kind the library reports gets an exception family; every kind named in Errors is one the library reports. */
    public function testEveryKindHasAFamily(): void
    {
        $kinds = self::kindsTable()['kinds'];
        $this->assertNotEmpty($kinds);
        foreach ($kinds as ['kind' => $kind, 'status' => $status]) {
            $s = Status::fromName($status);
            $this->assertNotNull($s, "status $status of $kind");
            $this->assertNotSame(TthcException::class, Errors::classOf($kind, $s), "no family for $kind ($status)");
        }
        $this->assertSame([], array_values(array_diff(Errors::ownFamilies(), array_column($kinds, 'kind'))), 'kinds in Errors that the library does not report');
    }

    public function testBadRequestsAreCaseExceptions(): void
    {
        $e = self::engine();
        $this->assertThrowsTyped(CaseException::class, Status::NULL_ARGUMENT, fn () => $e->callRaw('evaluate', null));
        $this->assertThrowsTyped(CaseException::class, Status::INVALID_UTF8, fn () => $e->evaluate("{\"procedure\": \"\xff\"}"));
        $this->assertThrowsTyped(CaseException::class, Status::INVALID_UTF8, fn () => $e->evaluate(['procedure' => "\xff"] + self::CASE));
        $this->assertThrowsTyped(CaseException::class, Status::INVALID_JSON, fn () => $e->evaluate('{"procedure": '));
        $bad = $this->assertThrowsTyped(CaseException::class, Status::INVALID_INPUT, fn () => $e->evaluate(['chanel' => 'x'] + self::CASE));
        $this->assertSame('invalid-case', $bad->kind);
        $this->assertStringContainsString('chanel', $bad->getMessage());
        $this->assertThrowsTyped(CaseException::class, Status::INVALID_INPUT, fn () => $e->calendar("sample\0x"));
        $this->assertThrowsTyped(CaseException::class, Status::INVALID_INPUT, fn () => Engine::fromDir(self::fixture('sample-ffi-a') . "\0/etc"));
        $this->assertThrowsTyped(CaseException::class, Status::INVALID_UTF8, fn () => Engine::fromSources(['procedures/x.toml' => "id = \"\xc3\x28\""], true));
        $big = str_repeat(' ', Tthc::maxInputBytes() + 1);
        $this->assertThrowsTyped(CaseException::class, Status::INPUT_TOO_LARGE, fn () => $e->evaluate($big));
    }

    public function testUnknownProcedureIsNotFound(): void
    {
        $e = $this->assertThrowsTyped(NotFoundException::class, Status::NOT_FOUND, fn () => self::engine()->procedure('sample.khong-co'));
        $this->assertSame('unknown-procedure', $e->kind);
    }

    /** An int beyond 32 bits is refused with the exception the library gives for a bad value of that parameter, never cut to 32 bits. */
    public function testOutOfRangeIntegers(): void
    {
        $cal = self::engine()->calendar();
        $day = Tthc::dateFromYmd(2025, 9, 3);
        $library = $this->assertThrowsTyped(CalendarRangeException::class, Status::OUT_OF_RANGE, fn () => $cal->addWorkingDays($day, 2 ** 31 - 1));
        $binding = $this->assertThrowsTyped(CalendarRangeException::class, Status::OUT_OF_RANGE, fn () => $cal->addWorkingDays($day, 2 ** 32 + 3));
        $this->assertSame($library->kind, $binding->kind);
        $this->assertStringContainsString('4294967299', $binding->getMessage());
        $this->assertThrowsTyped(CalendarRangeException::class, Status::OUT_OF_RANGE, fn () => $cal->addWorkingDays(new DateTimeImmutable('2025-09-03'), -2 ** 40));
        $this->assertThrowsTyped(CalendarRangeException::class, Status::OUT_OF_RANGE, fn () => $cal->isWorkingDay(2 ** 31 - 1));
        $this->assertThrowsTyped(CalendarRangeException::class, Status::OUT_OF_RANGE, fn () => $cal->isWorkingDay(2 ** 31));
        $this->assertThrowsTyped(CalendarRangeException::class, Status::OUT_OF_RANGE, fn () => $cal->isWorkingDay(2 ** 32 + $day));
        $this->assertThrowsTyped(CalendarRangeException::class, Status::OUT_OF_RANGE, fn () => $cal->workingDaysBetween(-2 ** 31 - 1, $day));
        $this->assertThrowsTyped(CalendarRangeException::class, Status::OUT_OF_RANGE, fn () => Tthc::dateToYmd(PHP_INT_MAX));
        $this->assertThrowsTyped(CalendarRangeException::class, Status::OUT_OF_RANGE, fn () => Tthc::solarToLunar(PHP_INT_MIN));
        $library = $this->assertThrowsTyped(InvalidDateException::class, Status::INVALID_INPUT, fn () => Tthc::dateFromYmd(300000, 1, 1));
        $binding = $this->assertThrowsTyped(InvalidDateException::class, Status::INVALID_INPUT, fn () => Tthc::dateFromYmd(2 ** 32 + 2025, 1, 1));
        $this->assertSame(['invalid-date', 'invalid-date'], [$library->kind, $binding->kind]);
        $this->assertThrowsTyped(InvalidDateException::class, Status::INVALID_INPUT, fn () => Tthc::dateFromYmd(2025, 2 ** 32 + 1, 1));
        $library = $this->assertThrowsTyped(InvalidDateException::class, Status::INVALID_INPUT, fn () => Tthc::lunarToSolar(new LunarDate(2025, 13, 1)));
        // 257 would be month 1 in a uint8_t.
        $binding = $this->assertThrowsTyped(InvalidDateException::class, Status::INVALID_INPUT, fn () => Tthc::lunarToSolar(new LunarDate(2025, 257, 1)));
        $this->assertSame(['invalid-lunar-date', 'invalid-lunar-date'], [$library->kind, $binding->kind]);
        $this->assertThrowsTyped(InvalidDateException::class, Status::INVALID_INPUT, fn () => Tthc::lunarToSolar(new LunarDate(2 ** 32 + 2025, 1, 1)));
    }

    public function testDatesInAndOut(): void
    {
        $cal = self::engine()->calendar();
        $this->assertFalse($cal->isWorkingDay(new DateTimeImmutable('2025-09-02')));
        $due = $cal->addWorkingDays(new DateTime('2025-09-03'), 5);
        $this->assertInstanceOf(DateTimeImmutable::class, $due);
        $this->assertSame('2025-09-10T00:00:00+07:00', $due->format(DATE_RFC3339));
        // The integer form answers with an integer.
        $this->assertSame(Tthc::toDay($due), $cal->addWorkingDays(Tthc::dateFromYmd(2025, 9, 3), 5));
        $this->assertSame(5, $cal->workingDaysBetween(new DateTimeImmutable('2025-09-03'), $due));
        // A date counts as the day it shows in its own zone, even where that is another day in Vietnam.
        $tokyo = new DateTimeImmutable('2025-09-03 00:30', new DateTimeZone('Asia/Tokyo'));
        $this->assertSame('2025-09-10', $cal->addWorkingDays($tokyo, 5)->format('Y-m-d'));
        $this->assertSame('2025-09-03', Tthc::fromDay(Tthc::toDay($tokyo))->format('Y-m-d'));
        [$first, $last] = $cal->range();
        $this->assertLessThan($last, $first);
        $this->assertThrowsTyped(CalendarRangeException::class, Status::OUT_OF_RANGE, fn () => $cal->isWorkingDay($first->modify('-1 day')));
        $this->assertThrowsTyped(CalendarRangeException::class, Status::OUT_OF_RANGE, fn () => $cal->isWorkingDay(new DateTimeImmutable('1800-01-01')));
        $this->assertThrowsTyped(InvalidDateException::class, Status::INVALID_INPUT, fn () => Tthc::dateFromYmd(2025, 2, 29));
        $tet = Tthc::solarToLunar(new DateTimeImmutable('2025-01-29'));
        $this->assertEquals(new LunarDate(2025, 1, 1, false), $tet);
        $this->assertSame('2025-01-29', Tthc::lunarToSolar($tet)->format('Y-m-d'));
        $this->assertThrowsTyped(NotFoundException::class, Status::NOT_FOUND, fn () => self::engine()->calendar('sample-khong-co'));
    }

    public function testRequestsTakeDateTimeInterface(): void
    {
        $e = self::engine();
        $at = new DateTimeImmutable('2025-03-10 02:00', new DateTimeZone('UTC'));
        $typed = $e->evaluate(['submitted_at' => $at] + self::CASE);
        $this->assertSame('2025-03-10T09:00:00+07:00', $typed->receipt->referenceInstant->format(DATE_RFC3339));
        $this->assertEquals($e->evaluate(self::CASE)->fee, $typed->fee);
        $info = $e->procedure('1.999981', new DateTimeImmutable('2025-07-01'));
        $this->assertSame('2025-07-01', $info->asOf->format('Y-m-d'));
        $this->assertSame(3, $info->processing[0]->amount);
    }

    public function testClosedHandlesAreRefused(): void
    {
        $e = self::engine();
        $cal = $e->calendar();
        $e->close();
        $e->close();
        $closed = $this->assertThrowsTyped(ClosedHandleException::class, Status::NULL_ARGUMENT, fn () => $e->evaluate(self::CASE));
        $this->assertSame('closed', $closed->kind);
        $this->assertStringContainsString('closed', $closed->getMessage());
        $this->assertThrowsTyped(ClosedHandleException::class, Status::NULL_ARGUMENT, fn () => $e->calendar());
        $this->assertThrowsTyped(ClosedHandleException::class, Status::NULL_ARGUMENT, fn () => $e->reloadEmbedded());
        // A calendar keeps its catalogue: it outlives the engine it came from.
        $this->assertFalse($cal->isWorkingDay(new DateTimeImmutable('2025-09-02')));
        $cal->close();
        $this->assertStringContainsString('closed', $this->assertThrowsTyped(ClosedHandleException::class, Status::NULL_ARGUMENT, fn () => $cal->isWorkingDay(0))->getMessage());
    }

    public function testCatalogueErrorsHaveLocations(): void
    {
        $e = $this->assertThrowsTyped(CatalogException::class, Status::CATALOG_ERROR, fn () => Engine::fromSources(['procedures/bad.toml' => "[[procedure]]\nid = \"sample.x\"\nname = \n"], true));
        $this->assertInstanceOf(CatalogException::class, $e);
        $d = $e->diagnostics[0];
        $this->assertSame(['procedures/bad.toml', 3], [$d->file, $d->line]);
        $this->assertStringStartsWith('procedures/bad.toml:3:', (string) $d);
        $io = $this->assertThrowsTyped(CatalogException::class, Status::IO, fn () => Engine::fromDir(self::fixture('sample-khong-co')));
        $this->assertSame('io', $io->kind);
    }

    public function testFailedReloadKeepsTheOldCatalogue(): void
    {
        $e = self::engine();
        $a = $e->contentHash();
        $this->assertThrowsTyped(CatalogException::class, Status::CATALOG_ERROR, fn () => $e->reloadFromDir(self::fixture('sample-broken-catalog')));
        $this->assertSame($a, $e->contentHash());
        $e->reloadFromDir(self::fixture('sample-ffi-b'), true);
        $this->assertNotSame($a, $e->contentHash());
        $decision = $e->evaluate(self::CASE);
        $this->assertSame(20000, $decision->fee->payable);
        $this->assertSame($e->contentHash(), $decision->receipt->catalogueHash);
        $files = [];
        foreach (['sectors.toml', 'documents.toml', 'procedures/sample-ffi.toml'] as $f) {
            $files[$f] = (string) file_get_contents(self::fixture("sample-ffi-a/$f"));
        }
        $e->reloadFromSources($files, true);
        $this->assertSame($a, $e->contentHash());
        $this->assertSame($a, Engine::fromSources($files, true)->contentHash());
    }

    public function testSearchShowAndBatches(): void
    {
        $e = self::engine();
        $this->assertSame('sample.ffi', $e->search('mau ffi')[0]->id);
        $this->assertSame(3, $e->procedure('1.999981', '2025-07-01')->processing[0]->amount);
        $batch = $e->evaluateBatch([self::CASE, ['procedure' => 'sample.khong-co'] + self::CASE, ['chanel' => 'x'] + self::CASE]);
        $this->assertSame([Status::OK, Status::NOT_FOUND, Status::INVALID_INPUT], array_column($batch, 'status'));
        $this->assertSame($e->evaluate(self::CASE)->fee->payable, $batch[0]->get()->fee->payable);
        $this->assertInstanceOf(NotFoundException::class, $batch[1]->error);
        $this->assertSame('unknown-procedure', $batch[1]->error->kind);
        $this->assertInstanceOf(CaseException::class, $batch[2]->error);
        $this->expectException(NotFoundException::class);
        $batch[1]->get();
    }

    public function testOtherBatches(): void
    {
        $e = self::engine();
        $deadlines = $e->deadlineBatch([self::CASE]);
        $this->assertEquals($e->deadline(self::CASE)->dueAt, $deadlines[0]->get()->dueAt);
        $dossier = ['case' => self::CASE, 'events' => [['kind' => 'received', 'at' => new DateTimeImmutable('2025-03-10T09:00:00+07:00')]], 'as_of' => '2025-03-11T09:00:00'];
        $tracks = $e->trackBatch([$dossier, ['events' => []] + $dossier]);
        $this->assertSame($e->track($dossier)->state, $tracks[0]->get()->state);
        $this->assertSame('no-events', $tracks[1]->error?->kind);
        $shows = $e->procedureBatch([['procedure' => '1.999981', 'on' => new DateTimeImmutable('2025-07-01')], ['procedure' => 'sample.khong-co']]);
        $this->assertSame('sample.ffi', $shows[0]->get()->id);
        $this->assertFalse($shows[1]->ok());
    }

    /**
     * A batch item keeps its answer's text and makes the result on first
     * use: the single call's answer, text and values, kept once made.
     * Braces, quotes and backslashes inside strings (echoed in an error
     * here) do not cut an answer short; answers longer than a chunk of
     * text are whole.
     */
    public function testBatchItemsAreReadOnFirstUse(): void
    {
        $e = self::engine();
        $odd = ['procedure' => 'sample.khong-co "}{\\"]'] + self::CASE;
        $batch = $e->evaluateBatch([self::CASE, $odd, ...array_fill(0, 50, self::CASE)]);
        $this->assertCount(52, $batch);
        $this->assertSame([Status::OK, Status::NOT_FOUND, Status::OK], array_column(array_slice($batch, 0, 3), 'status'));
        $this->assertStringContainsString('sample.khong-co "}{\\"]', $batch[1]->error?->getMessage() ?? '');
        $this->assertFalse(isset($batch[1]->result));
        $this->assertTrue(isset($batch[51]->result));
        $single = $e->evaluate(self::CASE);
        foreach ([0, 2, 51] as $i) {
            $this->assertSame($single->json, $batch[$i]->get()->json);
            $this->assertEquals($single, $batch[$i]->result);
        }
        $this->assertSame($batch[0]->result, $batch[0]->get(), 'made once, then kept');
        $this->assertEquals($e->deadline(self::CASE), $e->deadlineBatch([self::CASE])[0]->get());
    }

    /**
     * The *Each() forms read their input lazily, a chunk per call, and
     * answer like the batch: same statuses, in order, keys running on.
     */
    public function testEachStreamsInChunks(): void
    {
        $e = self::engine();
        $cases = [self::CASE, ['procedure' => 'sample.khong-co'] + self::CASE, ['chanel' => 'x'] + self::CASE, self::CASE, self::CASE];
        $read = 0;
        $lazy = (function () use ($cases, &$read) {
            foreach ($cases as $c) {
                $read++;
                yield $c;
            }
        })();
        $each = $e->evaluateEach($lazy, 2);
        $first = $each->current();
        $this->assertSame(2, $read, 'the first answer comes after one chunk is read, not the whole input');
        $items = [0 => $first];
        for ($each->next(); $each->valid(); $each->next()) {
            $items[$each->key()] = $each->current();
        }
        $batch = $e->evaluateBatch($cases);
        $this->assertSame(array_column($batch, 'status'), array_column($items, 'status'));
        $this->assertSame([0, 1, 2, 3, 4], array_keys($items));
        $this->assertSame($batch[4]->get()->fee->payable, $items[4]->get()->fee->payable);
        $this->assertSame(Status::OK, iterator_to_array($e->deadlineEach([self::CASE]))[0]->status);
        $this->expectException(\InvalidArgumentException::class);
        $e->trackEach([], 0)->current();
    }

    /**
     * Catalogue v2 on a made-up procedure (tests/fixtures/sample-v2-channels):
     * a fee and a time per channel, unknown is not zero, portal provenance.
     */
    public function testPerChannelFeesAndUnknowns(): void
    {
        $e = Engine::fromDir(self::fixture('sample-v2-channels'), true);
        $case = fn (string $channel) => ['procedure' => 'sample.v2', 'channel' => $channel, 'submitted_at' => '2025-03-10T09:00:00'];
        $inPerson = $e->evaluate($case('in-person'));
        $this->assertSame([20000, 'le-phi', null], [$inPerson->fee->payable, $inPerson->fee->items[0]->item, $inPerson->fee->unknown]);
        $this->assertSame([5, 'working-days'], [$inPerson->processing->effective?->amount, $inPerson->processing->effective?->unit]);
        $online = $e->evaluate($case('national-portal'));
        $this->assertSame([10000, null], [$online->fee->payable, $online->fee->items[0]->item]);
        $postal = $e->evaluate($case('postal'));
        $this->assertNull($postal->fee->payable);
        $this->assertNull($postal->fee->base);
        $this->assertStringContainsString('Không có thông tin', (string) $postal->fee->unknown);
        $this->assertNull($postal->processing->effective);
        $this->assertStringContainsString('bare number', (string) $postal->processing->unknown);
        $this->assertNull($postal->deadline->dueAt);
        $noTime = $this->assertThrowsTyped(DeadlineException::class, Status::NOT_RECORDED, fn () => $e->deadline($case('postal')));
        $this->assertSame('no-processing-time', $noTime->kind);
        $info = $e->procedure('1.999971', '2025-03-10');
        $this->assertSame('https://dichvucong.example.invalid/thu-tuc/1.999971', $info->url);
        $this->assertSame([['Cơ quan mẫu cấp xã'], ['Ủy ban mẫu cấp xã'], ['Công dân mẫu']], [$info->agencies, $info->authority, $info->applicants]);
        $this->assertStringStartsWith('Trực tiếp 5', $info->verbatim['cach_thuc_thuc_hien']);
        $postalTime = $info->processing[1];
        $this->assertSame([['postal'], 1, null, '1'], [$postalTime->channels, $postalTime->amount, $postalTime->unit, $postalTime->verbatim]);
        $postalFee = $info->fees[2];
        $this->assertSame([null, 'Không có thông tin'], [$postalFee->amount, $postalFee->unknown]);
        $this->assertSame('2020-01-01', $info->validity->from?->format('Y-m-d'));
    }

    /** Catalogue v2 (unknown is not zero): null or absent amounts and an `unknown` reason read as null and a string. */
    public function testUnknownFeeAndProcessingTime(): void
    {
        $answer = json_decode(self::engine()->evaluate(self::CASE)->json, true);
        $answer['fee'] = ['base' => null, 'payable' => null, 'unknown' => 'Không có thông tin'] + $answer['fee'];
        $answer['processing'] = ['statutory' => null, 'effective' => null, 'unknown' => 'no time for this channel'] + $answer['processing'];
        $d = Decision::fromJson((string) json_encode($answer));
        $this->assertNull($d->fee->payable);
        $this->assertNull($d->fee->base);
        $this->assertSame('Không có thông tin', $d->fee->unknown);
        $this->assertSame('no time for this channel', $d->processing->unknown);
        unset($answer['fee']['base'], $answer['fee']['payable'], $answer['fee']['unknown'], $answer['processing']['unknown']);
        $d = Decision::fromJson((string) json_encode($answer));
        $this->assertNull($d->fee->payable);
        $this->assertNull($d->fee->unknown);
        $this->assertNull($d->processing->unknown);
        // A field the binding needs and does not find is an InternalException naming it.
        unset($answer['receipt']['catalogue_hash']);
        $this->assertStringContainsString('receipt.catalogue_hash', $this->thrown(fn () => Decision::fromJson((string) json_encode($answer)))->getMessage());
    }
}

