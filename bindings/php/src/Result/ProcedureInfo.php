<?php

declare(strict_types=1);

namespace Tthc\Result;

/**
 * A procedure as it applies on one date in one province (Engine::procedure):
 * identity, validity, processing times, fees and documents as the catalogue
 * records them. The province it was asked for and the online level are in
 * `json`, the library's answer text as received.
 */
final readonly class ProcedureInfo
{
    /**
     * @param list<string> $levels competent levels: central, province, district, commune
     * @param list<LegalRef> $legalBasis
     * @param list<ProcessingRecord> $processing
     * @param list<FeeRecord> $fees
     * @param list<RequiredDocument> $documents
     * @param list<string> $reusableDocuments
     * @param list<EssentialList> $essentialLists
     * @param list<string> $unconfirmed facts in this answer no source confirms, as "path: status"
     */
    public function __construct(
        public string $engineVersion,
        public string $catalogueHash,
        /** The date the answer is for. */
        public \DateTimeImmutable $asOf,
        public string $id,
        public ?string $code,
        /** Why there is no national code, when there is none. */
        public ?string $codeUnknown,
        public string $name,
        public ?string $nameEn,
        public string $sector,
        public ?string $sectorName,
        public array $levels,
        public Validity $validity,
        public string $status,
        public array $legalBasis,
        public string $source,
        public array $processing,
        public array $fees,
        public array $documents,
        public array $reusableDocuments,
        public array $essentialLists,
        public array $unconfirmed,
        public ?string $note,
        public string $json,
    ) {
    }

    /** @internal */
    public static function fromJson(string $json): self
    {
        return self::read(Read::json($json), $json);
    }

    /** @internal */
    public static function read(Read $top, string $json): self
    {
        $r = $top->obj('procedure');
        return new self(
            $top->str('engine_version'),
            $top->str('catalogue_hash'),
            $r->date('as_of'),
            $r->str('id'),
            $r->optStr('code'),
            $r->optStr('code_unknown'),
            $r->str('name'),
            $r->optStr('name_en'),
            $r->str('sector'),
            $r->optStr('sector_name'),
            $r->strings('levels'),
            Validity::of($r),
            $r->str('status'),
            $r->list('legal_basis', LegalRef::read(...)),
            $r->str('source'),
            $r->list('processing', ProcessingRecord::read(...)),
            $r->list('fees', FeeRecord::read(...)),
            $r->list('documents', RequiredDocument::read(...)),
            $r->strings('reusable_documents'),
            $r->list('essential_lists', EssentialList::read(...)),
            $r->strings('unconfirmed'),
            $r->optStr('note'),
            $json,
        );
    }
}
