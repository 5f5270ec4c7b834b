<?php

declare(strict_types=1);

namespace Tthc\Result;

/**
 * A procedure as it applies on one date in one province (Engine::procedure):
 * identity, validity, where it was read (the portal's page, agencies,
 * applicants, the source's own text), processing times, fees and documents
 * as the catalogue records them. The province it was asked for and the
 * online level are in `json`, the library's answer text as received.
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
     * @param list<string> $agencies agencies that carry the procedure out (Cơ quan thực hiện)
     * @param list<string> $authority agencies competent to decide (Cơ quan có thẩm quyền)
     * @param list<string> $applicants who may apply (Đối tượng thực hiện)
     * @param array<string, string> $verbatim the source's text of each field read from it, by the portal's field name
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
        /** Why the competent levels are not known, when they are not. */
        public ?string $levelsUnknown,
        /** Why no legal basis is known, when none is. */
        public ?string $legalBasisUnknown,
        /** The page the procedure was read from (the national portal's record). */
        public ?string $url,
        /** Loại thủ tục, as published. */
        public ?string $procedureType,
        public array $agencies,
        public array $authority,
        public array $applicants,
        public array $verbatim,
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
            $r->optStr('levels_unknown'),
            $r->optStr('legal_basis_unknown'),
            $r->optStr('url'),
            $r->optStr('procedure_type'),
            $r->strings('agencies'),
            $r->strings('authority'),
            $r->strings('applicants'),
            $r->stringMap('verbatim'),
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
