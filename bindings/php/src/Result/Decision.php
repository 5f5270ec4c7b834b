<?php

declare(strict_types=1);

namespace Tthc\Result;

/**
 * The answer of Engine::evaluate for one case (schema/decision.schema.json):
 * the procedure, channel and online level, the fee, the processing time and
 * due instant, and the receipt citing every rule. `json` is the library's
 * answer text as received.
 */
final readonly class Decision
{
    /**
     * @param list<EssentialList> $essentialLists
     * @param list<string> $acceptedChannels
     * @param list<string> $reusableDocuments
     */
    public function __construct(
        public ProcedureRef $procedure,
        public ?ProvinceRef $province,
        public string $caseType,
        public string $channel,
        public ?OnlineLevel $onlineLevel,
        public bool $fullProcessOnline,
        /** case (the case said so) or derived (from the channel and the online level). */
        public string $fullProcessOnlineSource,
        public array $essentialLists,
        public bool $onlineOnly,
        public array $acceptedChannels,
        public bool $channelAccepted,
        public bool $priority,
        public array $reusableDocuments,
        public Fee $fee,
        public Processing $processing,
        public DecisionDeadline $deadline,
        public Receipt $receipt,
        public string $json,
    ) {
    }

    /** @internal */
    public static function fromJson(string $json): self
    {
        return self::read(Read::json($json), $json);
    }

    /** @internal */
    public static function read(Read $r, string $json): self
    {
        $province = $r->optObj('province');
        $online = $r->optObj('online_level');
        return new self(
            ProcedureRef::read($r->obj('procedure')),
            $province === null ? null : ProvinceRef::read($province),
            $r->str('case_type'),
            $r->str('channel'),
            $online === null ? null : OnlineLevel::read($online),
            $r->bool('full_process_online'),
            $r->str('full_process_online_source'),
            $r->list('essential_lists', EssentialList::read(...)),
            $r->bool('online_only'),
            $r->strings('accepted_channels'),
            $r->bool('channel_accepted'),
            $r->bool('priority'),
            $r->strings('reusable_documents'),
            Fee::read($r->obj('fee')),
            Processing::read($r->obj('processing')),
            DecisionDeadline::read($r->obj('deadline')),
            Receipt::read($r->obj('receipt')),
            $json,
        );
    }
}
